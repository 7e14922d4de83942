package com.example.platform.cli.declaration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What must hold across the declaration: names usable as artifactIds, each port owned once, calls only to declared
 * services, and no cycle in the calls (the dependency graph is a DAG, and the start order needs one).
 */
final class DeclarationRules {

	/** A lower-case Maven artifactId: the same name is the directory, the image, the host and the database's base. */
	static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

	/** A PostgreSQL identifier that needs no quoting. */
	static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

	/** A path prefix of the public API: under /api/, lower-case segments, no trailing slash. */
	static final Pattern ROUTE_PATH = Pattern.compile("/api(/[a-z0-9][a-z0-9._-]*)+");

	/** An OAuth2 scope as the platform names them: dot-separated lower-case words, e.g. customers.read. */
	static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*");

	/** The service that routes the public API: a service with a route must be one of its calls. */
	static final String GATEWAY = "gateway";

	private DeclarationRules() {
	}

	static List<String> check(List<ServiceDeclaration> services, List<InfrastructureComponent> infrastructure) {
		List<String> problems = new ArrayList<>();
		names(services, infrastructure, problems);
		databases(services, problems);
		ports(services, infrastructure, problems);
		calls(services, problems);
		cycles(services, problems);
		routes(services, problems);
		return problems;
	}

	private static void names(List<ServiceDeclaration> services, List<InfrastructureComponent> infrastructure,
			List<String> problems) {
		Set<String> serviceNames = new HashSet<>();
		for (ServiceDeclaration service : services) {
			serviceNames.add(service.name());
			if (!SERVICE_NAME.matcher(service.name()).matches()) {
				problems.add("service '" + service.name() + "': not a valid name: lower-case letters and digits, words"
						+ " joined by single hyphens, starting with a letter (" + SERVICE_NAME.pattern() + ")");
			}
		}
		for (InfrastructureComponent component : infrastructure) {
			if (!SERVICE_NAME.matcher(component.name()).matches()) {
				problems.add("infrastructure '" + component.name() + "': not a valid name (" + SERVICE_NAME.pattern() + ")");
			}
			if (serviceNames.contains(component.name())) {
				problems.add("'" + component.name() + "' is declared both as a service and as infrastructure");
			}
		}
	}

	private static void databases(List<ServiceDeclaration> services, List<String> problems) {
		Map<String, String> ownerByDatabase = new HashMap<>();
		for (ServiceDeclaration service : services) {
			service.database().ifPresent((database) -> {
				if (!DATABASE_NAME.matcher(database).matches()) {
					problems.add("service " + service.name() + ": database '" + database + "' is not a valid name ("
							+ DATABASE_NAME.pattern() + ")");
				}
				String owner = ownerByDatabase.putIfAbsent(database, service.name());
				if (owner != null) {
					problems.add("database " + database + " is declared by both " + owner + " and " + service.name()
							+ ": each service owns its database");
				}
			});
		}
	}

	private static void ports(List<ServiceDeclaration> services, List<InfrastructureComponent> infrastructure,
			List<String> problems) {
		Map<Integer, List<String>> ownersByPort = new TreeMap<>();
		for (ServiceDeclaration service : services) {
			own(ownersByPort, service.httpPort(), service.name() + " " + DeclarationReader.HTTP_PORT);
			own(ownersByPort, service.managementPort(), service.name() + " " + DeclarationReader.MANAGEMENT_PORT);
			service.grpcPort().ifPresent((port) -> own(ownersByPort, port, service.name() + " " + DeclarationReader.GRPC_PORT));
		}
		for (InfrastructureComponent component : infrastructure) {
			own(ownersByPort, component.port(), component.name() + " port");
			component.controllerPort().ifPresent((port) -> own(ownersByPort, port, component.name() + " controller-port"));
		}
		ownersByPort.forEach((port, owners) -> {
			if (owners.size() > 1) {
				problems.add("port " + port + " is used more than once: " + String.join(" and ", owners));
			}
		});
	}

	private static void own(Map<Integer, List<String>> ownersByPort, int port, String owner) {
		if (port != DeclarationReader.NO_PORT) {
			ownersByPort.computeIfAbsent(port, (unused) -> new ArrayList<>()).add(owner);
		}
	}

	private static void calls(List<ServiceDeclaration> services, List<String> problems) {
		Set<String> declared = new HashSet<>();
		services.forEach((service) -> declared.add(service.name()));
		for (ServiceDeclaration service : services) {
			Set<String> seen = new HashSet<>();
			for (String callee : service.calls()) {
				if (!declared.contains(callee)) {
					problems.add("service " + service.name() + " calls '" + callee + "', which is not a declared service");
				}
				if (!seen.add(callee)) {
					problems.add("service " + service.name() + " lists '" + callee + "' twice in calls");
				}
			}
		}
	}

	private static void routes(List<ServiceDeclaration> services, List<String> problems) {
		Map<String, String> ownerByPath = new HashMap<>();
		Set<String> routedByGateway = services.stream().filter((service) -> service.name().equals(GATEWAY))
			.flatMap((gateway) -> gateway.calls().stream()).collect(java.util.stream.Collectors.toSet());
		boolean gatewayDeclared = services.stream().anyMatch((service) -> service.name().equals(GATEWAY));
		for (ServiceDeclaration service : services) {
			service.route().ifPresent((route) -> {
				String where = "service " + service.name() + ", route: ";
				for (String path : route.paths()) {
					if (!ROUTE_PATH.matcher(path).matches()) {
						problems.add(where + "path '" + path + "' is not a public API prefix (" + ROUTE_PATH.pattern()
								+ ", e.g. /api/widgets)");
					}
					String owner = ownerByPath.putIfAbsent(path, service.name());
					if (owner != null) {
						problems.add(where + "path " + path + " is routed to " + owner + " already");
					}
				}
				for (String scope : route.scopes()) {
					if (!scope.isEmpty() && !SCOPE.matcher(scope).matches()) {
						problems.add(where + "scope '" + scope + "' is not a valid scope (" + SCOPE.pattern() + ")");
					}
				}
				if (gatewayDeclared && !routedByGateway.contains(service.name())) {
					problems.add(where + "the gateway routes to it, so gateway's calls must list " + service.name());
				}
			});
		}
		ownerByPath.keySet().stream().sorted().forEach((path) -> ownerByPath.keySet().stream()
			.filter((other) -> other.startsWith(path + "/"))
			.forEach((nested) -> problems.add("route path " + nested + " (" + ownerByPath.get(nested)
					+ ") is inside " + path + " (" + ownerByPath.get(path) + "): the first route would take it")));
	}

	/**
	 * Each cycle as a path that starts and ends at the same service, e.g. a -> b -> a: a depth-first walk in
	 * declaration order, where a call back to a service on the current path closes a cycle. A finished service is not
	 * walked again, so each call is followed once and no cycle is reported twice.
	 */
	private static void cycles(List<ServiceDeclaration> services, List<String> problems) {
		Map<String, ServiceDeclaration> byName = new LinkedHashMap<>();
		services.forEach((service) -> byName.put(service.name(), service));
		Set<String> finished = new HashSet<>();
		Set<List<String>> reported = new LinkedHashSet<>();
		for (String start : byName.keySet()) {
			walk(start, byName, new ArrayList<>(), finished, reported);
		}
		reported.forEach((cycle) -> problems.add("calls form a cycle: " + String.join(" -> ", cycle)
				+ " (the services' calls must form a DAG; break it with an event or by moving the logic)"));
	}

	private static void walk(String name, Map<String, ServiceDeclaration> byName, List<String> path, Set<String> finished,
			Set<List<String>> reported) {
		int onPath = path.indexOf(name);
		if (onPath >= 0) {
			List<String> cycle = new ArrayList<>(path.subList(onPath, path.size()));
			cycle.add(name);
			reported.add(cycle);
			return;
		}
		if (finished.contains(name) || !byName.containsKey(name)) {
			return;
		}
		path.add(name);
		for (String callee : byName.get(name).calls()) {
			walk(callee, byName, path, finished, reported);
		}
		path.remove(path.size() - 1);
		finished.add(name);
	}

}
