package com.example.platform.cli.shell;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import com.example.platform.cli.declaration.InfrastructureComponent;
import com.example.platform.cli.declaration.PlatformDeclaration;
import com.example.platform.cli.declaration.ServiceDeclaration;

/**
 * The declaration as bash assignments, for {@code eval} in tools/platform/services.sh. Plain variables, one per value
 * ({@code DECLARED_HTTP_PORT_customer_service='8081'}), rather than associative arrays: bash 3.2 (macOS) reads them
 * too. A name maps to a variable by turning its hyphens into underscores, which is unambiguous because declared
 * names contain no underscore. Every value is single-quoted.
 */
public final class ShellAssignments {

	private ShellAssignments() {
	}

	public static String of(PlatformDeclaration declaration) {
		StringBuilder out = new StringBuilder();
		List<ServiceDeclaration> startOrder = declaration.startOrder();
		assign(out, "SERVICES", startOrder.stream().map(ServiceDeclaration::name).collect(Collectors.joining(" ")));
		assign(out, "DATABASES", startOrder.stream()
			.flatMap((service) -> service.database().stream())
			.collect(Collectors.joining(" ")));
		for (ServiceDeclaration service : startOrder) {
			String suffix = variableSuffix(service.name());
			assign(out, "DECLARED_HTTP_PORT_" + suffix, Integer.toString(service.httpPort()));
			assign(out, "DECLARED_MANAGEMENT_PORT_" + suffix, Integer.toString(service.managementPort()));
			assignIfPresent(out, "DECLARED_GRPC_PORT_" + suffix, service.grpcPort());
			service.database().ifPresent((database) -> assign(out, "DECLARED_DATABASE_" + suffix, database));
			assign(out, "DECLARED_CALLS_" + suffix, String.join(" ", service.calls()));
			assign(out, "DECLARED_PUBLISHES_" + suffix, String.join(" ", service.publishes()));
			assign(out, "DECLARED_CONSUMES_" + suffix, String.join(" ", service.consumes()));
		}
		assign(out, "INFRASTRUCTURE", declaration.infrastructure().stream()
			.map(InfrastructureComponent::name)
			.collect(Collectors.joining(" ")));
		// What ./platform up starts itself, as opposed to servers it expects to find running
		assign(out, "STARTED_INFRASTRUCTURE", declaration.infrastructure().stream()
			.filter((component) -> !component.external())
			.map(InfrastructureComponent::name)
			.collect(Collectors.joining(" ")));
		for (InfrastructureComponent component : declaration.infrastructure()) {
			String suffix = variableSuffix(component.name());
			assign(out, "DECLARED_PORT_" + suffix, Integer.toString(component.port()));
			assignIfPresent(out, "DECLARED_CONTROLLER_PORT_" + suffix, component.controllerPort());
		}
		return out.toString();
	}

	/** The part of a variable name that stands for a service or component: its name with hyphens as underscores. */
	public static String variableSuffix(String name) {
		return name.replace('-', '_');
	}

	/** A bash word that is exactly {@code value}: single quotes, with each single quote written as '\''. */
	public static String quote(String value) {
		return "'" + value.replace("'", "'\\''") + "'";
	}

	private static void assignIfPresent(StringBuilder out, String variable, OptionalInt value) {
		value.ifPresent((port) -> assign(out, variable, Integer.toString(port)));
	}

	private static void assign(StringBuilder out, String variable, String value) {
		out.append(variable).append('=').append(quote(value)).append('\n');
	}

}
