package com.example.platform.contracts.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;

/**
 * Compiles a tree of .proto files to a descriptor set with the protoc that the build already fetched from Maven
 * Central (the protobuf-maven-plugin run of this module keeps an executable copy under
 * target/protobuf-maven-plugin): the gate's tests compile edited copies of the contracts with the same compiler
 * as the build.
 */
final class Protoc {

	// The well-known types the contracts import; protoc from Maven Central has no include folder, protobuf-java has them
	private static final List<String> WELL_KNOWN = List.of("google/protobuf/timestamp.proto",
			"google/protobuf/duration.proto", "google/protobuf/empty.proto", "google/protobuf/wrappers.proto");

	private Protoc() {
	}

	static FileDescriptorSet compile(Path protoRoot, Path workDir) throws IOException, InterruptedException {
		Path include = Files.createDirectories(workDir.resolve("include"));
		for (String wellKnown : WELL_KNOWN) {
			try (InputStream in = FileDescriptorSet.class.getClassLoader().getResourceAsStream(wellKnown)) {
				if (in != null) {
					Path target = include.resolve(wellKnown);
					Files.createDirectories(target.getParent());
					Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		Path out = workDir.resolve("descriptors.binpb");
		List<String> command = new ArrayList<>(List.of(executable().toString(), "--proto_path=" + protoRoot,
				"--proto_path=" + include, "--descriptor_set_out=" + out));
		try (Stream<Path> files = Files.walk(protoRoot)) {
			files.filter((p) -> p.toString().endsWith(".proto"))
				.map((p) -> protoRoot.relativize(p).toString())
				.sorted()
				.forEach(command::add);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("protoc did not finish within 60 s: " + command);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("protoc failed (" + process.exitValue() + "): " + output);
		}
		return FileDescriptorSet.parseFrom(Files.readAllBytes(out));
	}

	private static Path executable() throws IOException {
		String dir = System.getProperty("contracts.protoc.dir", "target/protobuf-maven-plugin");
		try (Stream<Path> files = Files.walk(Path.of(dir))) {
			Path protoc = files
				.filter(Files::isRegularFile)
				.filter((p) -> p.getFileName().toString().matches("protoc-[0-9a-f]+\\.exe"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No protoc under " + dir
						+ ": run the tests through Maven (./mvnw -pl contracts verify), whose protobuf-maven-plugin fetches it"));
			protoc.toFile().setExecutable(true);
			return protoc;
		}
	}

}
