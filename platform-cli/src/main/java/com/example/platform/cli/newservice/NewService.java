package com.example.platform.cli.newservice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The service to generate, every name derived once: {@code inventory-service} is the module, image and host name,
 * {@code inventory} its short name (proto package, route and scope defaults), {@code com.example.platform.inventory}
 * its package, {@code InventoryService} its class-name prefix, {@code inventory_service} its database and
 * {@code INVENTORY_SERVICE} the prefix of its environment variables elsewhere (the gateway's
 * {@code INVENTORY_SERVICE_URL}).
 */
record NewService(String name, String description, boolean database, boolean grpc, List<String> consumes,
		List<String> calls, Optional<String> route, String scope, int httpPort, int managementPort, OptionalInt grpcPort) {

	static final String AUTH_SERVER = "auth-server";

	/** The services it calls, and auth-server (the keys every token is validated with) last. */
	List<String> callsWithIssuer() {
		List<String> all = new ArrayList<>(this.calls);
		all.remove(AUTH_SERVER);
		all.add(AUTH_SERVER);
		return all;
	}

	/** Its own calls, without auth-server. */
	List<String> restCalls() {
		return this.calls.stream().filter((callee) -> !callee.equals(AUTH_SERVER)).toList();
	}

	String shortName() {
		return shortName(this.name);
	}

	static String shortName(String name) {
		String shortName = name.endsWith("-service") && name.length() > "-service".length()
				? name.substring(0, name.length() - "-service".length()) : name;
		return shortName;
	}

	/** Java package segment of a name: its letters and digits. */
	static String packageSegment(String name) {
		return name.replace("-", "");
	}

	String basePackage() {
		return "com.example.platform." + packageSegment(shortName());
	}

	String packagePath() {
		return basePackage().replace('.', '/');
	}

	String className() {
		return pascal(this.name);
	}

	String databaseName() {
		return this.name.replace('-', '_');
	}

	static String envPrefix(String name) {
		return name.replace('-', '_').toUpperCase(Locale.ROOT);
	}

	String envPrefix() {
		return envPrefix(this.name);
	}

	/** The path its API serves: the route, or /api/<short name> when it has no public route. */
	String apiPath() {
		return this.route.orElse("/api/" + shortName());
	}

	String readScope() {
		return this.scope + ".read";
	}

	String writeScope() {
		return this.scope + ".write";
	}

	boolean usesKafka() {
		return !this.consumes.isEmpty();
	}

	static String pascal(String name) {
		StringBuilder out = new StringBuilder();
		for (String word : name.split("[-._]")) {
			if (!word.isEmpty()) {
				out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
		}
		return out.toString();
	}

	static String camel(String name) {
		String pascal = pascal(name);
		return Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
	}

	/**
	 * The feature a topic is about: {@code platform.order.events.v1} gives {@code order-events} (package
	 * {@code orderevents}, class {@code OrderEventsListener}); the leading "platform" and the version are dropped.
	 */
	static String topicFeature(String topic) {
		List<String> words = new ArrayList<>();
		for (String word : topic.toLowerCase(Locale.ROOT).split("[._-]")) {
			if (!word.isEmpty() && !word.matches("v[0-9]+") && !word.equals("platform")) {
				words.add(word.replaceAll("[^a-z0-9]", ""));
			}
		}
		if (words.isEmpty() || !Character.isLetter(words.get(0).charAt(0))) {
			words.add(0, "topic");
		}
		return String.join("-", words);
	}

}
