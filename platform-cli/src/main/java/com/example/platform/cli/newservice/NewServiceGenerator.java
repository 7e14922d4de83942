package com.example.platform.cli.newservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.example.platform.cli.declaration.InvalidDeclarationException;
import com.example.platform.cli.declaration.PlatformDeclaration;
import com.example.platform.cli.declaration.ServiceDeclaration;
import com.example.platform.cli.derived.DerivedFiles;

/**
 * Plans a new service: validates the request against platform.yaml, generates the module and computes every edit in
 * memory; {@link #write} then writes the plan. A refusal ({@link NewServiceException}) names each problem and leaves
 * the repository untouched.
 */
public final class NewServiceGenerator {

	/** The rule of platform.yaml: a lower-case Maven artifactId, also a host and image name. */
	static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

	/** Java's reserved words: a package segment may not be one (new-service would give ...platform.new). */
	private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
			"catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
			"finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
			"native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
			"switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true",
			"false", "null", "var", "record", "yield", "sealed", "permits");

	/**
	 * What the command will do.
	 *
	 * @param created new files (relative path -> content)
	 * @param changed existing files (relative path -> new content)
	 */
	public record Plan(Map<String, String> created, Map<String, String> changed) {
	}

	private NewServiceGenerator() {
	}

	/** @param root the repository root (the folder of platform.yaml) */
	public static Plan plan(Path root, NewServiceOptions options) {
		List<String> problems = new ArrayList<>();
		String name = options.name();
		if (!SERVICE_NAME.matcher(name).matches()) {
			throw new NewServiceException("'" + name + "' is not a valid service name: lower-case letters and digits, words"
					+ " joined by single hyphens, starting with a letter (" + SERVICE_NAME.pattern() + "), e.g."
					+ " inventory-service; it is the artifactId, directory, image and host name");
		}
		String segment = NewService.packageSegment(NewService.shortName(name));
		if (JAVA_KEYWORDS.contains(segment)) {
			throw new NewServiceException("'" + name + "' would give the package com.example.platform." + segment
					+ ", and '" + segment + "' is a Java keyword: choose another name");
		}
		String platformYaml = read(root, ServiceWiring.PLATFORM_YAML);
		PlatformDeclaration declaration;
		try {
			declaration = PlatformDeclaration.parse(platformYaml);
		}
		catch (InvalidDeclarationException ex) {
			throw new NewServiceException(ex.problems().stream()
				.map((problem) -> "platform.yaml is invalid already (fix it first, ./platform check): " + problem)
				.toList());
		}
		if (declaration.service(name).isPresent()) {
			problems.add("a service named " + name + " is already declared in platform.yaml");
		}
		if (declaration.infrastructure().stream().anyMatch((component) -> component.name().equals(name))) {
			problems.add("'" + name + "' is declared as infrastructure in platform.yaml");
		}
		if (Files.exists(root.resolve(name))) {
			problems.add("the directory " + name + "/ exists already: a module (or something else) has that name");
		}
		for (String callee : options.calls()) {
			if (callee.equals(name)) {
				problems.add("--calls " + callee + ": a service calling itself is a cycle in the calls");
			}
			else if (declaration.service(callee).isEmpty()) {
				problems.add("--calls " + callee + ": not a declared service (platform.yaml declares "
						+ String.join(", ", declaration.services().stream().map(ServiceDeclaration::name).toList()) + ")");
			}
		}
		if (options.route().isPresent() && declaration.service("gateway").isEmpty()) {
			problems.add("--route needs the service 'gateway' in platform.yaml");
		}
		// Ports: every declared port has one owner
		Map<Integer, String> owners = new HashMap<>();
		for (ServiceDeclaration service : declaration.services()) {
			owners.put(service.httpPort(), service.name() + " http-port");
			owners.put(service.managementPort(), service.name() + " management-port");
			service.grpcPort().ifPresent((port) -> owners.put(port, service.name() + " grpc-port"));
		}
		declaration.infrastructure().forEach((component) -> {
			owners.put(component.port(), component.name() + " port");
			component.controllerPort().ifPresent((port) -> owners.put(port, component.name() + " controller-port"));
		});
		int http = options.httpPort().orElseGet(() -> nextHttpPort(declaration, owners, options));
		int management = options.managementPort().orElse(http + 100);
		OptionalInt grpc = options.grpc() ? OptionalInt.of(options.grpcPort().orElse(http + 1000)) : OptionalInt.empty();
		Map<String, Integer> own = new LinkedHashMap<>();
		own.put("--http-port", http);
		own.put("--management-port", management);
		grpc.ifPresent((port) -> own.put("--grpc-port", port));
		own.forEach((option, port) -> {
			if (owners.containsKey(port)) {
				problems.add("port " + port + " (" + option + ") is taken by " + owners.get(port)
						+ " in platform.yaml: choose another with " + option);
			}
		});
		if (own.values().stream().distinct().count() < own.size()) {
			problems.add("its ports must differ from each other, got " + own);
		}
		Optional<String> route = options.route();
		String scope = options.scope()
			.orElseGet(() -> route.map((r) -> r.substring(r.lastIndexOf('/') + 1)).orElse(NewService.shortName(name)));
		if (!NewServiceOptions.SCOPE.matcher(scope).matches()) {
			problems.add("the scope '" + scope + "' derived from the route is not a valid scope: give one with --scope");
		}
		if (!problems.isEmpty()) {
			throw new NewServiceException(problems);
		}
		List<String> calls = new ArrayList<>(options.calls());
		NewService service = new NewService(name,
				options.description().orElse("what " + name + " owns and does (describe it in platform.yaml)"),
				options.database(), options.grpc(), options.consumes(), calls, route, scope, http, management, grpc);

		Map<String, Integer> httpPorts = new TreeMap<>();
		declaration.services().forEach((declared) -> httpPorts.put(declared.name(), declared.httpPort()));
		httpPorts.put(name, http);

		// The start order after the change: from platform.yaml as it will be
		ServiceWiring preliminary = new ServiceWiring(service, httpPorts, List.of());
		String newPlatformYaml;
		try {
			newPlatformYaml = preliminary.platformYaml(platformYaml);
		}
		catch (NewServiceException ex) {
			throw ex;
		}
		List<String> startOrder;
		try {
			startOrder = PlatformDeclaration.parse(newPlatformYaml).startOrder().stream().map(ServiceDeclaration::name).toList();
		}
		catch (InvalidDeclarationException ex) {
			throw new NewServiceException(ex.problems().stream()
				.map((problem) -> "platform.yaml would become invalid: " + problem)
				.toList());
		}
		ServiceWiring wiring = new ServiceWiring(service, httpPorts, startOrder);

		Map<String, String> created = new LinkedHashMap<>(ServiceModule.resolvePorts(ServiceModule.files(service), httpPorts));
		created.putAll(wiring.newFiles());
		for (String path : created.keySet()) {
			if (Files.exists(root.resolve(path))) {
				problems.add(path + " exists already");
			}
		}
		Map<String, String> changed = new LinkedHashMap<>();
		for (Map.Entry<String, UnaryOperator<String>> edit : wiring.edits().entrySet()) {
			try {
				changed.put(edit.getKey(), edit.getValue().apply(read(root, edit.getKey())));
			}
			catch (NewServiceException ex) {
				problems.addAll(ex.problems());
			}
		}
		if (!problems.isEmpty()) {
			throw new NewServiceException(problems);
		}
		// What platform.yaml lists (modules, databases, routes, scopes, ...): derived from the new declaration
		try {
			changed.putAll(DerivedFiles.derive((path) -> changed.containsKey(path) ? changed.get(path)
					: Files.isRegularFile(root.resolve(path)) ? read(root, path) : null,
					PlatformDeclaration.parse(changed.get(ServiceWiring.PLATFORM_YAML))));
		}
		catch (IllegalStateException ex) {
			throw new NewServiceException(List.of(ex.getMessage().split("\n")));
		}
		return new Plan(created, changed);
	}

	/** The next 808x port after the declared ones whose management (+100) and gRPC (+1000) neighbours are free too. */
	private static int nextHttpPort(PlatformDeclaration declaration, Map<Integer, String> owners, NewServiceOptions options) {
		int port = declaration.services().stream()
			.mapToInt(ServiceDeclaration::httpPort)
			.filter((p) -> p >= 8080 && p < 8100)
			.max()
			.orElse(8080) + 1;
		while (owners.containsKey(port) || owners.containsKey(port + 100)
				|| (options.grpc() && owners.containsKey(port + 1000))) {
			port++;
		}
		return port;
	}

	private static String read(Path root, String path) {
		try {
			return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new NewServiceException("cannot read " + path + " (" + ex.getClass().getSimpleName() + ": "
					+ ex.getMessage() + "): the command edits it; run it at the repository root");
		}
	}

	/** Writes the plan: the new files first, then the changed ones. */
	public static void write(Path root, Plan plan) {
		try {
			for (Map.Entry<String, String> file : plan.created().entrySet()) {
				Path path = root.resolve(file.getKey());
				Files.createDirectories(path.getParent());
				Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
			}
			for (Map.Entry<String, String> file : plan.changed().entrySet()) {
				Files.writeString(root.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
