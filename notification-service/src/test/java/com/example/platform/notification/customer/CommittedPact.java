package com.example.platform.notification.customer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pact a consumer test writes (target/pacts) must be the one committed in contracts/pacts, which the provider's
 * build verifies: registered before {@code PactConsumerTestExt}, so its after-all runs once the pact is written. A
 * difference fails the test class; {@code -Dplatform.pact.rewrite=true} copies the new pact over the committed one
 * instead (review and commit it with the provider's change, if any).
 */
class CommittedPact implements BeforeAllCallback, AfterAllCallback {

	static final String REWRITE_PROPERTY = "platform.pact.rewrite";

	static final String FILE = "notification-service-customer-service.json";

	private static final Path GENERATED = Path.of("target", "pacts", FILE);

	private static final Path COMMITTED = Path.of("..", "contracts", "pacts", FILE);

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		// Pact merges into an existing file: start from none, so a removed interaction is removed
		Files.deleteIfExists(GENERATED);
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (!Files.exists(GENERATED)) {
			throw new AssertionError("The consumer tests wrote no pact at " + GENERATED.toAbsolutePath());
		}
		if (Files.exists(COMMITTED) && json.readTree(GENERATED.toFile()).equals(json.readTree(COMMITTED.toFile()))) {
			return;
		}
		if (Boolean.getBoolean(REWRITE_PROPERTY)) {
			Files.createDirectories(COMMITTED.getParent());
			Files.copy(GENERATED, COMMITTED, StandardCopyOption.REPLACE_EXISTING);
			System.out.println("[pact] rewrote " + COMMITTED.normalize() + " from the consumer tests");
			return;
		}
		throw new AssertionError("The pact notification-service's tests record differs from the committed "
				+ COMMITTED.normalize() + " (generated: " + GENERATED + "). customer-service's build verifies the "
				+ "committed one: if the new expectations are right, rewrite it with ./mvnw -pl notification-service -am "
				+ "verify -D" + REWRITE_PROPERTY + "=true -Dtest=CustomerServicePactTests "
				+ "-Dsurefire.failIfNoSpecifiedTests=false -DskipITs, review the diff, and run customer-service's "
				+ "CustomerServicePactIT before committing.");
	}

}
