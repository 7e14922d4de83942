package com.example.platform.test.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAPI gates on copies of a document shaped like springdoc's (things-service.yaml): each kind of breaking
 * change to the committed copy fails the breaking-change gate naming it, additive changes pass, and a generated
 * document that differs from the committed one fails the drift gate (or rewrites it, when asked to).
 */
class OpenApiContractTests {

	@TempDir
	Path dir;

	private String document;

	private OpenApiContract contract;

	@BeforeEach
	void releasedAndCommitted() throws IOException {
		// A build run with -Dplatform.openapi.rewrite=true must not turn the drift tests into rewrites
		System.clearProperty(OpenApiContract.REWRITE_PROPERTY);
		try (InputStream in = getClass().getResourceAsStream("/openapi/things-service.yaml")) {
			this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Files.writeString(this.dir.resolve("baseline.yaml"), this.document);
		Files.writeString(this.dir.resolve("committed.yaml"), this.document);
		this.contract = OpenApiContract.of("things-service", this.dir.resolve("committed.yaml"),
				this.dir.resolve("baseline.yaml"));
	}

	@Test
	void theReleasedDocumentItselfPasses() {
		assertThatNoException().isThrownBy(this.contract::assertNoBreakingChange);
	}

	@Test
	void additiveChangesPass() throws IOException {
		// A new optional request field, a new response field and a new operation
		commit(change(change(change(this.document, """
				        colour:
				          type: string
				""", """
				        colour:
				          type: string
				        size:
				          type: integer
				"""), """
				        price:
				          type: number
				""", """
				        price:
				          type: number
				        createdAt:
				          type: string
				          format: date-time
				"""), """
				components:
				""", """
				  /api/things/{id}/archive:
				    post:
				      operationId: archive
				      parameters:
				      - name: id
				        in: path
				        required: true
				        schema:
				          type: string
				      responses:
				        "204":
				          description: No Content
				components:
				"""));

		assertThatNoException().isThrownBy(this.contract::assertNoBreakingChange);
	}

	@Test
	void aRemovedOperationFailsNamingIt() throws IOException {
		commit(change(this.document, """
				  /api/things/{id}:
				    get:
				      operationId: get
				      parameters:
				      - name: id
				        in: path
				        required: true
				        schema:
				          type: string
				      responses:
				        "200":
				          description: OK
				          content:
				            '*/*':
				              schema:
				                $ref: "#/components/schemas/ThingResponse"
				""", ""));

		assertThatThrownBy(this.contract::assertNoBreakingChange).isInstanceOf(AssertionError.class)
			.hasMessageContaining("breaks things-service's released API")
			.hasMessageContaining("What's Deleted")
			.hasMessageContaining("GET    /api/things/{id}");
	}

	@Test
	void aNewRequiredRequestFieldFailsNamingTheOperation() throws IOException {
		commit(change(this.document, """
				      required:
				      - name
				""", """
				      required:
				      - name
				      - colour
				"""));

		assertThatThrownBy(this.contract::assertNoBreakingChange).isInstanceOf(AssertionError.class)
			.hasMessageContaining("breaks things-service's released API")
			.hasMessageContaining("POST   /api/things")
			.hasMessageContaining("Request");
	}

	@Test
	void aChangedResponseTypeFailsNamingTheOperations() throws IOException {
		commit(change(this.document, """
				        price:
				          type: number
				""", """
				        price:
				          type: string
				"""));

		assertThatThrownBy(this.contract::assertNoBreakingChange).isInstanceOf(AssertionError.class)
			.hasMessageContaining("breaks things-service's released API")
			.hasMessageContaining("GET    /api/things/{id}")
			.hasMessageContaining("Return Type");
	}

	@Test
	void aChangedResponseStatusFailsNamingTheOperation() throws IOException {
		commit(change(this.document, """
				        "201":
				          description: Created
				""", """
				        "200":
				          description: OK
				"""));

		assertThatThrownBy(this.contract::assertNoBreakingChange).isInstanceOf(AssertionError.class)
			.hasMessageContaining("breaks things-service's released API")
			.hasMessageContaining("POST   /api/things");
	}

	@Test
	void theGeneratedDocumentMustBeTheCommittedOne() {
		assertThatNoException().isThrownBy(() -> this.contract.assertMatchesCommitted(this.document));
		// Line endings and trailing blanks do not count
		assertThatNoException()
			.isThrownBy(() -> this.contract.assertMatchesCommitted(this.document.replace("\n", "  \r\n")));
	}

	@Test
	void codeDocumentDriftFailsNamingTheFirstDifferenceAndHowToRegenerate() {
		String generated = change(this.document, """
				        colour:
				          type: string
				""", "");

		assertThatThrownBy(() -> this.contract.assertMatchesCommitted(generated)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("things-service's OpenAPI document differs from the committed")
			.hasMessageContaining("committed:         colour:")
			.hasMessageContaining("-D" + OpenApiContract.REWRITE_PROPERTY + "=true")
			.hasMessageContaining("POST   /api/things");
	}

	@Test
	void theDriftGateRewritesTheCommittedDocumentWhenAsked() throws IOException {
		String generated = change(this.document, "version: v1", "version: v2");
		System.setProperty(OpenApiContract.REWRITE_PROPERTY, "true");
		try {
			this.contract.assertMatchesCommitted(generated);
		}
		finally {
			System.clearProperty(OpenApiContract.REWRITE_PROPERTY);
		}

		assertThat(Files.readString(this.contract.committed())).isEqualTo(generated);
		assertThatNoException().isThrownBy(() -> this.contract.assertMatchesCommitted(generated));
	}

	@Test
	void aMissingBaselineFailsSayingWhatToDo() throws IOException {
		Files.delete(this.contract.baseline());

		assertThatThrownBy(this.contract::assertNoBreakingChange).isInstanceOf(AssertionError.class)
			.hasMessageContaining("No baseline");
	}

	private void commit(String committed) throws IOException {
		Files.writeString(this.contract.committed(), committed);
	}

	/** {@code document} with {@code from} (which must be there) replaced by {@code to}. */
	private static String change(String document, String from, String to) {
		assertThat(document).contains(from);
		return document.replace(from, to);
	}

}
