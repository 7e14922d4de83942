package com.example.platform.cli.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.platform.cli.declaration.PlatformDeclaration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShellAssignmentsTests {

	private final String assignments = ShellAssignments.of(PlatformDeclaration.read(Path.of("..", "platform.yaml")));

	@Test
	void servicesInStartOrderAndTheirDatabases() {
		// Services added to the template (./platform new-service) may come in between: the samples keep their order
		assertThat(words(this.assignments, "SERVICES")).containsSubsequence("auth-server", "customer-service",
				"order-service", "notification-service", "gateway");
		assertThat(words(this.assignments, "DATABASES")).containsSubsequence("customer_service", "order_service",
				"notification_service");
	}

	@Test
	void portsOfEachServiceAndOfTheInfrastructure() {
		assertThat(this.assignments.lines()).contains("DECLARED_HTTP_PORT_customer_service='8081'",
				"DECLARED_MANAGEMENT_PORT_customer_service='8181'", "DECLARED_GRPC_PORT_customer_service='9081'",
				"DECLARED_HTTP_PORT_auth_server='9000'", "DECLARED_MANAGEMENT_PORT_gateway='8180'",
				"DECLARED_PORT_kafka='9092'", "DECLARED_CONTROLLER_PORT_kafka='9093'",
				"DECLARED_PORT_zipkin='9411'", "STARTED_INFRASTRUCTURE='kafka zipkin'");
		assertThat(this.assignments).doesNotContain("DECLARED_GRPC_PORT_order_service")
			.doesNotContain("DECLARED_DATABASE_gateway");
	}

	@Test
	void bashEvaluatesItIntoTheVariablesTheScriptsRead() throws Exception {
		String script = this.assignments + """
				echo "$SERVICES"
				echo "$DATABASES"
				name=notification-service; var="DECLARED_HTTP_PORT_${name//-/_}"; echo "${!var}"
				echo "$DECLARED_CALLS_order_service"
				echo "$DECLARED_PUBLISHES_order_service"
				""";
		List<String> output = bash(script);
		assertThat(List.of(output.get(0).split(" "))).containsSubsequence("auth-server", "customer-service",
				"order-service", "notification-service", "gateway");
		assertThat(List.of(output.get(1).split(" "))).containsSubsequence("customer_service", "order_service",
				"notification_service");
		assertThat(output.subList(2, output.size())).containsExactly("8083", "customer-service auth-server",
				"platform.order.events.v1");
	}

	@Test
	void quotedValuesReachBashUnchanged() throws Exception {
		String value = "it's $HOME and `date` \"quoted\" \\ ; rm -rf /";
		assertThat(bash("value=" + ShellAssignments.quote(value) + "\nprintf '%s\\n' \"$value\"\n"))
			.containsExactly(value);
	}

	private static List<String> words(String assignments, String variable) {
		String line = assignments.lines().filter((l) -> l.startsWith(variable + "='")).findFirst().orElseThrow();
		return List.of(line.substring(variable.length() + 2, line.length() - 1).split(" "));
	}

	private static List<String> bash(String script) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		return output.lines().toList();
	}

}
