package com.example.platform.cli.newservice;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What {@code ./platform new-service} was asked for, parsed from its command line (see {@link #HELP}).
 *
 * @param name the service's name: directory, artifactId, spring.application.name, image, host and Kubernetes name
 * @param description one line for platform.yaml and the READMEs
 * @param database whether it owns a PostgreSQL database (its name with underscores)
 * @param grpc whether it serves gRPC
 * @param consumes the Kafka topics it consumes (one idempotent listener each)
 * @param calls the services it calls over REST (auth-server is added: every service validates tokens with its keys)
 * @param route the public path prefix the gateway routes to it, when it has one
 * @param scope the base of the scopes its API needs: {@code <scope>.read} to read, {@code <scope>.write} to change
 * @param httpPort its HTTP port, when given
 * @param managementPort its management (actuator) port, when given
 * @param grpcPort its gRPC port, when given
 * @param dryRun print what would be written, write nothing
 */
public record NewServiceOptions(String name, Optional<String> description, boolean database, boolean grpc,
		List<String> consumes, List<String> calls, Optional<String> route, Optional<String> scope, OptionalInt httpPort,
		OptionalInt managementPort, OptionalInt grpcPort, boolean dryRun) {

	public static final String HELP = """
			Usage: ./platform new-service <name> [options]
			Generates the module <name>/ (a Spring Boot service in the shape of the others, with its tests) and wires it
			into platform.yaml, the root pom, docker-compose.yml, infra/k8s (base, network policies, dev and prod
			overlays), the databases' init scripts, the gateway, auth-server's scopes, Prometheus and the README.
			Nothing is written when something is wrong (exit status 1, each problem named). docs/adding-a-service.md.

			  <name>                      lower-case words joined by hyphens, e.g. inventory-service (package
			                              com.example.platform.inventory, database inventory_service)
			  --description <text>        one line saying what it owns (platform.yaml, README)
			  --no-database               no PostgreSQL database (default: database <name with underscores>, Flyway
			                              migrations and a sample JDBC aggregate served over REST)
			  --grpc                      serves gRPC: contracts/src/main/proto/platform/<short>/v1/<short>_service.proto,
			                              a gRPC port and a sample *GrpcService
			  --consumes <topic>          an idempotent Kafka listener on <topic> (processed-event ids stored in the
			                              same transaction as the effect; the starter's retries and dead letters).
			                              Repeatable; needs the database
			  --calls <service>           a REST client of a declared service: an @HttpExchange interface in the HTTP
			                              service group <service>, with the starter's resilience. Repeatable; a call
			                              that would close a cycle in the calls is refused
			  --route <path-prefix>[:<scope>]
			                              a public route through the gateway, e.g. /api/inventory (or
			                              /api/inventory:inventory): GET and HEAD need <scope>.read, the other
			                              methods <scope>.write, at the gateway and in the service
			  --scope <scope>             the scope base (default: the last segment of the route, e.g. inventory)
			  --http-port <port>          default: the next free 808x port (management = HTTP + 100, gRPC = HTTP + 1000)
			  --management-port <port>
			  --grpc-port <port>
			  --dry-run                   list the files it would create and change; write nothing

			Example:
			  ./platform new-service inventory-service --consumes platform.order.events.v1 \\
			      --calls customer-service --route /api/inventory --scope inventory
			""";

	/** A scope base: a lower-case word, or words joined by dots or hyphens (inventory, stock-levels). */
	static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");

	/** A path prefix: /segment(/segment)*, no wildcard, no trailing slash. */
	static final Pattern ROUTE = Pattern.compile("(/[a-z0-9][a-z0-9._-]*)+");

	/** A Kafka topic name. */
	static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

	public NewServiceOptions {
		consumes = List.copyOf(consumes);
		calls = List.copyOf(calls);
	}

	/** Parses the arguments after {@code new-service}; every problem of the command line at once. */
	public static NewServiceOptions parse(List<String> args) {
		List<String> problems = new ArrayList<>();
		String name = null;
		Optional<String> description = Optional.empty();
		boolean database = true;
		boolean grpc = false;
		boolean dryRun = false;
		LinkedHashSet<String> consumes = new LinkedHashSet<>();
		LinkedHashSet<String> calls = new LinkedHashSet<>();
		Optional<String> route = Optional.empty();
		Optional<String> scope = Optional.empty();
		OptionalInt httpPort = OptionalInt.empty();
		OptionalInt managementPort = OptionalInt.empty();
		OptionalInt grpcPort = OptionalInt.empty();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			String value = null;
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				value = arg.substring(equals + 1);
				arg = arg.substring(0, equals);
			}
			switch (arg) {
				case "--no-database" -> database = false;
				case "--grpc" -> grpc = true;
				case "--dry-run" -> dryRun = true;
				case "--description", "--consumes", "--calls", "--route", "--scope", "--http-port", "--management-port",
						"--grpc-port" -> {
					if (value == null) {
						if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
							problems.add(arg + " needs a value");
							continue;
						}
						value = args.get(++i);
					}
					switch (arg) {
						case "--description" -> description = Optional.of(value.strip());
						case "--consumes" -> {
							if (!TOPIC.matcher(value).matches()) {
								problems.add("--consumes " + value + ": not a Kafka topic name (letters, digits, . _ -)");
							}
							consumes.add(value);
						}
						case "--calls" -> calls.add(value);
						case "--route" -> {
							int colon = value.indexOf(':');
							String prefix = (colon >= 0) ? value.substring(0, colon) : value;
							if (colon >= 0) {
								scope = Optional.of(value.substring(colon + 1));
							}
							if (prefix.endsWith("/**")) {
								prefix = prefix.substring(0, prefix.length() - 3);
							}
							if (!ROUTE.matcher(prefix).matches()) {
								problems.add("--route " + value + ": not a path prefix such as /api/inventory (lower-case"
										+ " segments, no wildcard, no trailing slash)");
							}
							route = Optional.of(prefix);
						}
						case "--scope" -> scope = Optional.of(value);
						case "--http-port" -> httpPort = port(arg, value, problems);
						case "--management-port" -> managementPort = port(arg, value, problems);
						case "--grpc-port" -> grpcPort = port(arg, value, problems);
						default -> throw new IllegalStateException(arg);
					}
				}
				default -> {
					if (arg.startsWith("-")) {
						problems.add("unknown option " + arg + " (./platform new-service --help lists them)");
					}
					else if (name != null) {
						problems.add("one service at a time: got '" + name + "' and '" + arg + "'");
					}
					else {
						name = arg;
					}
				}
			}
		}
		if (name == null) {
			problems.add("the service's name is missing, e.g. ./platform new-service inventory-service");
		}
		scope.filter((s) -> !SCOPE.matcher(s).matches())
			.ifPresent((s) -> problems.add("scope '" + s + "': lower-case words joined by dots or hyphens, e.g."
					+ " inventory (the service then needs inventory.read and inventory.write)"));
		if (scope.isPresent() && route.isEmpty()) {
			problems.add("--scope needs --route: the scope guards the public route");
		}
		if (grpcPort.isPresent() && !grpc) {
			problems.add("--grpc-port needs --grpc");
		}
		if (!consumes.isEmpty() && !database) {
			problems.add("--consumes needs the database: a consumer stores the ids of the events it processed in the"
					+ " same transaction as their effect (drop --no-database)");
		}
		if (!problems.isEmpty()) {
			throw new NewServiceException(problems);
		}
		return new NewServiceOptions(name, description, database, grpc, List.copyOf(consumes), List.copyOf(calls),
				route, scope, httpPort, managementPort, grpcPort, dryRun);
	}

	private static OptionalInt port(String option, String value, List<String> problems) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 1 && port <= 65535) {
				return OptionalInt.of(port);
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problems.add(option + " " + value + ": not a port number (1-65535)");
		return OptionalInt.empty();
	}

}
