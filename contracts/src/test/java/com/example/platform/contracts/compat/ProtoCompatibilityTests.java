package com.example.platform.contracts.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.TextFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The protobuf breaking-change gate: the contracts as they are must stay compatible with the released ones
 * ({@code contracts/baseline/descriptors.txtpb}). The other tests apply one kind of change each to a copy of the
 * contracts, compile it with the build's protoc and show that the gate names it (or lets it pass).
 * <p>
 * After a release, record the released contracts as the new baseline:
 * {@code ./mvnw -q -pl contracts verify -Dcontracts.baseline.update=true} (contracts/README.md, "Gates").
 */
class ProtoCompatibilityTests {

	static final Path PROTO = Path.of("src/main/proto");

	static final Path BASELINE = Path.of("baseline/descriptors.txtpb");

	static final String EVENTS = "platform/order/events/v1/order_events.proto";

	static final String CUSTOMER = "platform/customer/v1/customer_service.proto";

	static FileDescriptorSet baseline;

	@TempDir
	Path work;

	@BeforeAll
	static void readBaseline() throws IOException {
		if (Boolean.getBoolean("contracts.baseline.update")) {
			Files.writeString(BASELINE, header() + TextFormat.printer().printToString(released(current())));
		}
		FileDescriptorSet.Builder builder = FileDescriptorSet.newBuilder();
		TextFormat.getParser().merge(Files.readString(BASELINE), builder);
		baseline = builder.build();
	}

	@Test
	void theContractsAreCompatibleWithTheReleasedBaseline() throws IOException {
		assertThat(baseline.getFileList()).extracting(FileDescriptorProto::getName).contains(EVENTS, CUSTOMER);

		List<String> violations = ProtoBreakingChangeChecker.check(baseline, current());

		if (!violations.isEmpty()) {
			fail("""
					Breaking changes against the released contracts (contracts/baseline/descriptors.txtpb):
					  %s
					Make the change compatibly (add fields with new numbers; reserve what you delete), or make an \
					intended breaking change as a new package (v2) beside v1: contracts/README.md, "Gates".""".formatted(
					String.join("\n  ", violations)));
		}
	}

	@Test
	void renumberedFieldFails() throws Exception {
		edit(EVENTS, "string total = 4; // decimal string", "string total = 7; // decimal string");

		assertThat(check()).containsExactly(EVENTS
				+ ": message platform.order.events.v1.OrderPlaced, field total = 4: renumbered from 4 to 7 (old readers see a different field)");
	}

	@Test
	void retypedFieldFails() throws Exception {
		edit(EVENTS, "int32 quantity = 2;", "int64 quantity = 2;");

		assertThat(check()).containsExactly(EVENTS
				+ ": message platform.order.events.v1.OrderLine, field quantity = 2: type changed from int32 to int64");
	}

	@Test
	void fieldRetypedToAnotherMessageFails() throws Exception {
		edit(EVENTS, "google.protobuf.Timestamp placed_at = 5;", "OrderLine placed_at = 5;");

		assertThat(check()).singleElement()
			.asString()
			.contains("OrderPlaced, field placed_at = 5: type changed from google.protobuf.Timestamp to platform.order.events.v1.OrderLine");
	}

	@Test
	void removedFieldFails() throws Exception {
		edit(EVENTS, "  string reason = 4;\n", "");

		assertThat(check()).singleElement()
			.asString()
			.startsWith(EVENTS + ": message platform.order.events.v1.OrderRejected, field reason = 4: removed");
	}

	@Test
	void removedFieldWhoseNumberAndNameAreReservedPasses() throws Exception {
		edit(EVENTS, "  string reason = 4;\n", "  reserved 4;\n  reserved \"reason\";\n");

		assertThat(check()).isEmpty();
	}

	@Test
	void renamedFieldFails() throws Exception {
		edit(EVENTS, "  string reason = 4;\n", "  string cause = 4;\n");

		assertThat(check()).singleElement()
			.asString()
			.startsWith(EVENTS + ": message platform.order.events.v1.OrderRejected, field reason = 4: renamed to cause");
	}

	@Test
	void repeatedFieldMadeSingularFails() throws Exception {
		edit(EVENTS, "repeated OrderLine lines = 3;", "OrderLine lines = 3;");

		assertThat(check()).containsExactly(EVENTS
				+ ": message platform.order.events.v1.OrderPlaced, field lines = 3: cardinality changed from repeated to singular");
	}

	@Test
	void optionalFieldLosingItsPresenceFails() throws Exception {
		edit(EVENTS, "  optional string owner = 5;", "  string owner = 5;");

		assertThat(check()).containsExactly(EVENTS
				+ ": message platform.order.events.v1.OrderCancelled, field owner = 5: cardinality changed from optional to singular");
	}

	@Test
	void removedMessageFails() throws Exception {
		String text = read(EVENTS);
		int start = text.indexOf("// A confirmed order was cancelled");
		assertThat(start).isPositive();
		write(EVENTS, text.substring(0, start));

		assertThat(check()).containsExactly(EVENTS + ": message platform.order.events.v1.OrderCancelled removed");
	}

	@Test
	void removedRpcFails() throws Exception {
		String text = read(CUSTOMER);
		int start = text.indexOf("  // Gives back what is held for the order.");
		int end = text.indexOf("rpc ReleaseCredit(ReleaseCreditRequest) returns (ReleaseCreditResponse);\n");
		assertThat(start).isPositive();
		assertThat(end).isGreaterThan(start);
		write(CUSTOMER, text.substring(0, start)
				+ text.substring(end + "rpc ReleaseCredit(ReleaseCreditRequest) returns (ReleaseCreditResponse);\n".length()));

		assertThat(check())
			.containsExactly(CUSTOMER + ": service platform.customer.v1.CustomerService, rpc ReleaseCredit: removed (or renamed)");
	}

	@Test
	void rpcWithAnotherResponseTypeFails() throws Exception {
		edit(CUSTOMER, "rpc GetCustomer(GetCustomerRequest) returns (Customer);",
				"rpc GetCustomer(GetCustomerRequest) returns (ReserveCreditResponse);");

		assertThat(check()).containsExactly(CUSTOMER
				+ ": service platform.customer.v1.CustomerService, rpc GetCustomer: response type changed from platform.customer.v1.Customer to platform.customer.v1.ReserveCreditResponse");
	}

	@Test
	void renamedPackageFails() throws Exception {
		edit(EVENTS, "package platform.order.events.v1;", "package platform.order.events.v2;");

		assertThat(check()).startsWith(EVENTS
				+ ": package changed from platform.order.events.v1 to platform.order.events.v2 (an intended breaking change is a new package beside the old one: contracts/README.md)")
			.contains(EVENTS + ": message platform.order.events.v1.OrderPlaced removed");
	}

	@Test
	void changedJavaPackageFails() throws Exception {
		edit(EVENTS, "option java_package = \"com.example.platform.contracts.order.events.v1\";",
				"option java_package = \"com.example.platform.events\";");

		assertThat(check()).containsExactly(EVENTS
				+ ": option java_package changed from \"com.example.platform.contracts.order.events.v1\" to \"com.example.platform.events\"");
	}

	@Test
	void removedEnumValueFails() throws Exception {
		// The contracts have no enum yet: the baseline here is the contracts plus one
		String channel = "\nenum Channel {\n  CHANNEL_UNSPECIFIED = 0;\n  CHANNEL_WEB = 1;\n  CHANNEL_API = 2;\n}\n";
		write(EVENTS, read(EVENTS) + channel);
		FileDescriptorSet withEnum = compileCopy();
		edit(EVENTS, "  CHANNEL_API = 2;\n", "");

		assertThat(ProtoBreakingChangeChecker.check(withEnum, compileCopy())).singleElement()
			.asString()
			.startsWith(EVENTS + ": enum platform.order.events.v1.Channel, value CHANNEL_API = 2: removed");
	}

	@Test
	void movedFileFails() throws Exception {
		Path from = copy().resolve(CUSTOMER);
		Files.move(from, from.resolveSibling("customer.proto"));

		assertThat(check()).containsExactly(CUSTOMER + ": file removed or moved (consumers import it by this path)");
	}

	@Test
	void addedOptionalFieldMessageEnumAndRpcPass() throws Exception {
		edit(EVENTS, "  optional string owner = 6;\n}\n\n// An order was refused",
				"  optional string owner = 6;\n  optional string channel = 7;\n}\n\n// An order was refused");
		write(EVENTS, read(EVENTS) + "\nmessage OrderShipped {\n  string order_id = 1;\n}\n\nenum Carrier {\n  CARRIER_UNSPECIFIED = 0;\n}\n");
		edit(CUSTOMER, "service CustomerService {\n",
				"service CustomerService {\n  rpc ListCustomers(GetCustomerRequest) returns (Customer);\n");

		assertThat(check()).isEmpty();
	}

	// --- a copy of the contracts, edited, compiled and checked against the baseline

	private Path copy;

	private Path copy() throws IOException {
		if (this.copy == null) {
			this.copy = this.work.resolve("proto");
			try (Stream<Path> files = Files.walk(PROTO)) {
				for (Path source : files.filter(Files::isRegularFile).toList()) {
					Path target = this.copy.resolve(PROTO.relativize(source).toString());
					Files.createDirectories(target.getParent());
					Files.copy(source, target);
				}
			}
		}
		return this.copy;
	}

	private String read(String file) throws IOException {
		return Files.readString(copy().resolve(file));
	}

	private void write(String file, String text) throws IOException {
		Files.writeString(copy().resolve(file), text);
	}

	/** Replaces the one occurrence of {@code from}: an edit that no longer applies fails instead of testing nothing. */
	private void edit(String file, String from, String to) throws IOException {
		String text = read(file);
		assertThat(text.split(java.util.regex.Pattern.quote(from), -1)).as("occurrences of '%s' in %s", from, file)
			.hasSize(2);
		write(file, text.replace(from, to));
	}

	private FileDescriptorSet compileCopy() throws Exception {
		Path out = Files.createTempDirectory(this.work, "protoc");
		return Protoc.compile(copy(), out);
	}

	private List<String> check() throws Exception {
		return ProtoBreakingChangeChecker.check(baseline, compileCopy());
	}

	// --- the contracts as this build compiled them (protobuf-maven-plugin, outputDescriptorFile)

	static FileDescriptorSet current() {
		Path file = Path.of(System.getProperty("contracts.descriptors", "target/contracts.binpb"));
		try {
			return FileDescriptorSet.parseFrom(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No descriptor set at " + file + ": run through Maven (./mvnw -pl contracts verify)", ex);
		}
	}

	/** What the baseline keeps: the contracts' own files, without comments and source positions. */
	private static FileDescriptorSet released(FileDescriptorSet set) {
		FileDescriptorSet.Builder released = FileDescriptorSet.newBuilder();
		set.getFileList()
			.stream()
			.filter((file) -> !file.getName().startsWith("google/protobuf/"))
			.forEach((file) -> released.addFile(file.toBuilder().clearSourceCodeInfo()));
		return released.build();
	}

	private static String header() {
		return """
				# The released contracts: protoc's descriptor set of contracts/src/main/proto (text format, no comments).
				# The build's protobuf breaking-change gate (ProtoCompatibilityTests) compares the contracts with it.
				# Written by ./mvnw -q -pl contracts verify -Dcontracts.baseline.update=true after a release; never edit by hand.
				""";
	}

}
