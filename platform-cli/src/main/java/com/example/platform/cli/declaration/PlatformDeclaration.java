package com.example.platform.cli.declaration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * platform.yaml, read and validated: the services (in declaration order) and the infrastructure beside them.
 *
 * @param services the services, in the order the file declares them
 * @param infrastructure what the services need beside each other
 * @param images where the production deployment takes the images from, when declared
 */
public record PlatformDeclaration(List<ServiceDeclaration> services, List<InfrastructureComponent> infrastructure,
		Optional<ImageRepository> images) {

	public PlatformDeclaration {
		services = List.copyOf(services);
		infrastructure = List.copyOf(infrastructure);
	}

	/**
	 * Reads and validates a platform.yaml.
	 * @throws InvalidDeclarationException with every problem found, each naming what is wrong and where
	 */
	public static PlatformDeclaration read(Path file) {
		String yaml;
		try {
			yaml = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new InvalidDeclarationException(List.of("cannot read " + file + ": " + ex));
		}
		return parse(yaml);
	}

	/** Like {@link #read(Path)}, from the file's text. */
	public static PlatformDeclaration parse(String yaml) {
		DeclarationReader reader = DeclarationReader.read(yaml);
		List<String> problems = new ArrayList<>(reader.problems());
		problems.addAll(DeclarationRules.check(reader.services(), reader.infrastructure()));
		if (!problems.isEmpty()) {
			throw new InvalidDeclarationException(problems);
		}
		return new PlatformDeclaration(reader.services(), reader.infrastructure(), reader.images());
	}

	/** The services, each after the services it calls; ties in declaration order. */
	public List<ServiceDeclaration> startOrder() {
		return StartOrder.of(this.services);
	}

	public Optional<ServiceDeclaration> service(String name) {
		return this.services.stream().filter((service) -> service.name().equals(name)).findFirst();
	}

}
