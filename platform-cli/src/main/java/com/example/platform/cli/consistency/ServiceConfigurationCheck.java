package com.example.platform.cli.consistency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.platform.cli.declaration.PlatformDeclaration;
import com.example.platform.cli.declaration.ServiceDeclaration;

/**
 * Compares platform.yaml with the repository: each declared service is a module of the root pom whose
 * application.yaml agrees with it (ports, calls, database, name), and no module that looks like a service (an
 * application.yaml and a spring-boot-maven-plugin) is missing from the declaration. The services keep their own
 * application.yaml, the file they run with; this keeps the two from drifting apart.
 */
public final class ServiceConfigurationCheck {

	static final String APPLICATION_YAML = "src/main/resources/application.yaml";

	private static final Pattern JDBC_DATABASE = Pattern.compile("jdbc:postgresql://[^/]+/([^?]+).*");

	private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

	private final Path repository;

	private final PlatformDeclaration declaration;

	private final List<String> problems = new ArrayList<>();

	private ServiceConfigurationCheck(Path repository, PlatformDeclaration declaration) {
		this.repository = repository;
		this.declaration = declaration;
	}

	/**
	 * The disagreements between the declaration and the repository it describes, each naming the file and the key.
	 * @param repository the directory platform.yaml is in
	 */
	public static List<String> problems(Path repository, PlatformDeclaration declaration) {
		ServiceConfigurationCheck check = new ServiceConfigurationCheck(repository, declaration);
		check.rootModules();
		check.declaration.services().forEach(check::service);
		check.undeclaredServices();
		return List.copyOf(check.problems);
	}

	private void rootModules() {
		Path pom = this.repository.resolve("pom.xml");
		Set<String> modules = new LinkedHashSet<>();
		try {
			Matcher matcher = MODULE.matcher(Files.readString(pom, StandardCharsets.UTF_8));
			while (matcher.find()) {
				modules.add(matcher.group(1));
			}
		}
		catch (IOException ex) {
			this.problems.add("pom.xml: cannot read it (" + ex + ")");
			return;
		}
		for (ServiceDeclaration service : this.declaration.services()) {
			if (!modules.contains(service.name())) {
				this.problems.add("pom.xml: <module>" + service.name() + "</module> is missing (declared in platform.yaml)");
			}
		}
	}

	private void service(ServiceDeclaration service) {
		String file = service.name() + "/" + APPLICATION_YAML;
		if (!Files.isDirectory(this.repository.resolve(service.name()))) {
			this.problems.add(service.name() + "/: no such module directory (declared in platform.yaml)");
			return;
		}
		ApplicationYaml yaml;
		try {
			yaml = ApplicationYaml.read(this.repository.resolve(file));
		}
		catch (IOException ex) {
			this.problems.add(file + ": cannot read it (" + ex + ")");
			return;
		}
		catch (RuntimeException ex) {
			this.problems.add(file + ": not valid YAML (" + ex.getMessage() + ")");
			return;
		}
		applicationName(file, yaml, service);
		port(file, yaml, "server.port", "HTTP_PORT", "http-port", OptionalInt.of(service.httpPort()));
		port(file, yaml, "management.server.port", "MANAGEMENT_PORT", "management-port",
				OptionalInt.of(service.managementPort()));
		port(file, yaml, "spring.grpc.server.port", "GRPC_PORT", "grpc-port", service.grpcPort());
		database(file, yaml, service);
	}

	private void applicationName(String file, ApplicationYaml yaml, ServiceDeclaration service) {
		Object name = yaml.value("spring.application.name").orElse(null);
		if (!service.name().equals(name)) {
			this.problems.add(file + ": spring.application.name is '" + name + "', expected '" + service.name()
					+ "' (the directory and declared name)");
		}
	}

	/** A declared port must be the default of the placeholder ./platform and compose set: ${VARIABLE:port}. */
	private void port(String file, ApplicationYaml yaml, String key, String variable, String declaredAs,
			OptionalInt declared) {
		Optional<Object> value = yaml.value(key);
		if (declared.isEmpty()) {
			value.ifPresent((actual) -> this.problems.add(file + ": " + key + " is '" + actual
					+ "' but platform.yaml declares no " + declaredAs + " for this service"));
			return;
		}
		String expected = "${" + variable + ":" + declared.getAsInt() + "}";
		if (value.isEmpty()) {
			this.problems.add(file + ": " + key + " is missing; platform.yaml declares " + declaredAs + " "
					+ declared.getAsInt() + " (expected " + expected + ")");
		}
		else if (!expected.equals(String.valueOf(value.get()))) {
			this.problems.add(file + ": " + key + " is '" + value.get() + "' but platform.yaml declares " + declaredAs
					+ " " + declared.getAsInt() + " (expected " + expected + ")");
		}
	}

	private void database(String file, ApplicationYaml yaml, ServiceDeclaration service) {
		Optional<Object> url = yaml.value("spring.datasource.url");
		Optional<String> actual = url.map((value) -> ApplicationYaml.placeholder(value)
			.map(ApplicationYaml.Placeholder::defaultValue)
			.orElse(String.valueOf(value))).map(ServiceConfigurationCheck::databaseOf);
		if (service.database().isEmpty()) {
			url.ifPresent((value) -> this.problems.add(file + ": spring.datasource.url is '" + value
					+ "' but platform.yaml declares no database for this service"));
			return;
		}
		if (url.isEmpty()) {
			this.problems.add(file + ": spring.datasource.url is missing; platform.yaml declares database "
					+ service.database().get());
		}
		else if (!Objects.equals(actual.orElse(null), service.database().get())) {
			this.problems.add(file + ": spring.datasource.url is '" + url.get() + "' (database " + actual.orElse("?")
					+ ") but platform.yaml declares database " + service.database().get());
		}
	}

	private static String databaseOf(String jdbcUrl) {
		Matcher matcher = JDBC_DATABASE.matcher(jdbcUrl);
		return matcher.matches() ? matcher.group(1) : null;
	}

	private void undeclaredServices() {
		try (Stream<Path> children = Files.list(this.repository)) {
			children.filter(Files::isDirectory)
				.filter((module) -> Files.isRegularFile(module.resolve(APPLICATION_YAML)))
				.filter(ServiceConfigurationCheck::buildsBootJar)
				.map((module) -> module.getFileName().toString())
				.filter((name) -> this.declaration.service(name).isEmpty())
				.sorted()
				.forEach((name) -> this.problems.add(name + "/: has an " + APPLICATION_YAML
						+ " and a spring-boot-maven-plugin, so it runs as a service, but platform.yaml does not declare it"));
		}
		catch (IOException ex) {
			this.problems.add(this.repository + ": cannot list its modules (" + ex + ")");
		}
	}

	private static boolean buildsBootJar(Path module) {
		try {
			return Files.readString(module.resolve("pom.xml"), StandardCharsets.UTF_8)
				.contains("<artifactId>spring-boot-maven-plugin</artifactId>");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
