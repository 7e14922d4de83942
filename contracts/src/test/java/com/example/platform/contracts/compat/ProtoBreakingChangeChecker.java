package com.example.platform.contracts.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;

/**
 * Compares the contracts as they are ({@code current}) with the released ones ({@code baseline}), both as protoc's
 * descriptor sets, and lists every change that breaks a consumer built from the baseline: on the wire, in the JSON
 * mapping (the examples, the AsyncAPI document) or in the generated code. Each violation names the file, the
 * message (or enum, service) and the field (or value, RPC). Additions pass: new files, messages, fields with new
 * numbers, enum values, RPCs. Deleting a field or enum value passes only when its number and name are reserved.
 * <p>
 * The rules are buf's FILE category restricted to what protoc's descriptors show; ADR 0007 says why this is a
 * small checker on protobuf-java's descriptors rather than the buf binary.
 */
final class ProtoBreakingChangeChecker {

	private ProtoBreakingChangeChecker() {
	}

	/** The violations, one line each, in the order of the baseline; empty when current is compatible. */
	static List<String> check(FileDescriptorSet baseline, FileDescriptorSet current) {
		Index now = new Index(current);
		List<String> violations = new ArrayList<>();
		for (FileDescriptorProto file : baseline.getFileList()) {
			if (file.getName().startsWith("google/protobuf/")) {
				continue;
			}
			new FileCheck(file, now, violations).run();
		}
		return violations;
	}

	private record Located<T>(FileDescriptorProto file, T element) {
	}

	/** Everything current declares, by full name. */
	private static final class Index {

		final Map<String, FileDescriptorProto> files = new LinkedHashMap<>();

		final Map<String, Located<DescriptorProto>> messages = new LinkedHashMap<>();

		final Map<String, Located<EnumDescriptorProto>> enums = new LinkedHashMap<>();

		final Map<String, Located<ServiceDescriptorProto>> services = new LinkedHashMap<>();

		Index(FileDescriptorSet set) {
			for (FileDescriptorProto file : set.getFileList()) {
				this.files.put(file.getName(), file);
				String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
				file.getMessageTypeList().forEach((message) -> addMessage(file, prefix + message.getName(), message));
				file.getEnumTypeList().forEach((e) -> this.enums.put(prefix + e.getName(), new Located<>(file, e)));
				file.getServiceList().forEach((s) -> this.services.put(prefix + s.getName(), new Located<>(file, s)));
			}
		}

		private void addMessage(FileDescriptorProto file, String fullName, DescriptorProto message) {
			this.messages.put(fullName, new Located<>(file, message));
			message.getNestedTypeList().forEach((nested) -> addMessage(file, fullName + "." + nested.getName(), nested));
			message.getEnumTypeList().forEach((e) -> this.enums.put(fullName + "." + e.getName(), new Located<>(file, e)));
		}

	}

	private static final class FileCheck {

		private final FileDescriptorProto file;

		private final Index now;

		private final List<String> violations;

		FileCheck(FileDescriptorProto file, Index now, List<String> violations) {
			this.file = file;
			this.now = now;
			this.violations = violations;
		}

		void run() {
			FileDescriptorProto current = this.now.files.get(this.file.getName());
			if (current == null) {
				fail("file removed or moved (consumers import it by this path)");
			}
			else {
				checkFileOptions(current);
			}
			String prefix = this.file.getPackage().isEmpty() ? "" : this.file.getPackage() + ".";
			this.file.getMessageTypeList().forEach((message) -> checkMessage(prefix + message.getName(), message));
			this.file.getEnumTypeList().forEach((e) -> checkEnum(prefix + e.getName(), e));
			this.file.getServiceList().forEach((service) -> checkService(prefix + service.getName(), service));
		}

		private void checkFileOptions(FileDescriptorProto current) {
			if (!this.file.getPackage().equals(current.getPackage())) {
				fail("package changed from " + this.file.getPackage() + " to " + current.getPackage()
						+ " (an intended breaking change is a new package beside the old one: contracts/README.md)");
			}
			compareOption("java_package", this.file.getOptions().getJavaPackage(), current.getOptions().getJavaPackage());
			compareOption("java_multiple_files", this.file.getOptions().getJavaMultipleFiles(),
					current.getOptions().getJavaMultipleFiles());
			compareOption("java_outer_classname", this.file.getOptions().getJavaOuterClassname(),
					current.getOptions().getJavaOuterClassname());
			compareOption("go_package", this.file.getOptions().getGoPackage(), current.getOptions().getGoPackage());
			compareOption("csharp_namespace", this.file.getOptions().getCsharpNamespace(),
					current.getOptions().getCsharpNamespace());
		}

		private void compareOption(String option, Object before, Object after) {
			if (!Objects.equals(before, after)) {
				fail("option " + option + " changed from \"" + before + "\" to \"" + after + "\"");
			}
		}

		private void checkMessage(String fullName, DescriptorProto before) {
			Located<DescriptorProto> found = this.now.messages.get(fullName);
			if (found == null) {
				fail("message " + fullName + " removed");
				return;
			}
			DescriptorProto after = found.element();
			for (FieldDescriptorProto field : before.getFieldList()) {
				checkField(fullName, before, field, after);
			}
			before.getNestedTypeList().forEach((nested) -> checkMessage(fullName + "." + nested.getName(), nested));
			before.getEnumTypeList().forEach((e) -> checkEnum(fullName + "." + e.getName(), e));
		}

		private void checkField(String message, DescriptorProto beforeMessage, FieldDescriptorProto before,
				DescriptorProto afterMessage) {
			String where = "message " + message + ", field " + before.getName() + " = " + before.getNumber();
			FieldDescriptorProto after = afterMessage.getFieldList()
				.stream()
				.filter((f) -> f.getNumber() == before.getNumber())
				.findFirst()
				.orElse(null);
			if (after == null) {
				FieldDescriptorProto sameName = afterMessage.getFieldList()
					.stream()
					.filter((f) -> f.getName().equals(before.getName()))
					.findFirst()
					.orElse(null);
				if (sameName != null) {
					fail(where + ": renumbered from " + before.getNumber() + " to " + sameName.getNumber()
							+ " (old readers see a different field)");
				}
				else if (!reservesNumber(afterMessage, before.getNumber())
						|| !afterMessage.getReservedNameList().contains(before.getName())) {
					fail(where + ": removed (to delete a field, reserve its number and name: reserved "
							+ before.getNumber() + "; reserved \"" + before.getName() + "\";)");
				}
				return;
			}
			if (!after.getName().equals(before.getName())) {
				fail(where + ": renamed to " + after.getName() + " (breaks the JSON mapping and generated code)");
			}
			else if (!after.getJsonName().equals(before.getJsonName())) {
				fail(where + ": json_name changed from " + before.getJsonName() + " to " + after.getJsonName());
			}
			String typeBefore = typeOf(before);
			String typeAfter = typeOf(after);
			if (!typeBefore.equals(typeAfter)) {
				fail(where + ": type changed from " + typeBefore + " to " + typeAfter);
			}
			String cardinalityBefore = cardinalityOf(before);
			String cardinalityAfter = cardinalityOf(after);
			if (!cardinalityBefore.equals(cardinalityAfter)) {
				fail(where + ": cardinality changed from " + cardinalityBefore + " to " + cardinalityAfter);
			}
			String oneofBefore = oneofOf(beforeMessage, before);
			String oneofAfter = oneofOf(afterMessage, after);
			if (!Objects.equals(oneofBefore, oneofAfter)) {
				fail(where + ": moved from " + describeOneof(oneofBefore) + " to " + describeOneof(oneofAfter));
			}
		}

		private void checkEnum(String fullName, EnumDescriptorProto before) {
			Located<EnumDescriptorProto> found = this.now.enums.get(fullName);
			if (found == null) {
				fail("enum " + fullName + " removed");
				return;
			}
			EnumDescriptorProto after = found.element();
			for (EnumValueDescriptorProto value : before.getValueList()) {
				String where = "enum " + fullName + ", value " + value.getName() + " = " + value.getNumber();
				EnumValueDescriptorProto byNumber = after.getValueList()
					.stream()
					.filter((v) -> v.getNumber() == value.getNumber())
					.findFirst()
					.orElse(null);
				EnumValueDescriptorProto byName = after.getValueList()
					.stream()
					.filter((v) -> v.getName().equals(value.getName()))
					.findFirst()
					.orElse(null);
				if (byNumber == null && byName != null) {
					fail(where + ": renumbered from " + value.getNumber() + " to " + byName.getNumber());
				}
				else if (byNumber == null) {
					boolean reserved = after.getReservedRangeList()
						.stream()
						.anyMatch((r) -> r.getStart() <= value.getNumber() && value.getNumber() <= r.getEnd());
					if (!reserved || !after.getReservedNameList().contains(value.getName())) {
						fail(where + ": removed (to delete a value, reserve its number and name)");
					}
				}
				else if (byName == null) {
					fail(where + ": renamed to " + byNumber.getName() + " (breaks the JSON mapping and generated code)");
				}
			}
		}

		private void checkService(String fullName, ServiceDescriptorProto before) {
			Located<ServiceDescriptorProto> found = this.now.services.get(fullName);
			if (found == null) {
				fail("service " + fullName + " removed");
				return;
			}
			for (MethodDescriptorProto method : before.getMethodList()) {
				String where = "service " + fullName + ", rpc " + method.getName();
				MethodDescriptorProto after = found.element()
					.getMethodList()
					.stream()
					.filter((m) -> m.getName().equals(method.getName()))
					.findFirst()
					.orElse(null);
				if (after == null) {
					fail(where + ": removed (or renamed)");
					continue;
				}
				if (!after.getInputType().equals(method.getInputType())) {
					fail(where + ": request type changed from " + strip(method.getInputType()) + " to "
							+ strip(after.getInputType()));
				}
				if (!after.getOutputType().equals(method.getOutputType())) {
					fail(where + ": response type changed from " + strip(method.getOutputType()) + " to "
							+ strip(after.getOutputType()));
				}
				if (after.getClientStreaming() != method.getClientStreaming()
						|| after.getServerStreaming() != method.getServerStreaming()) {
					fail(where + ": streaming changed");
				}
			}
		}

		private void fail(String problem) {
			this.violations.add(this.file.getName() + ": " + problem);
		}

	}

	private static boolean reservesNumber(DescriptorProto message, int number) {
		// DescriptorProto.ReservedRange: start inclusive, end exclusive
		return message.getReservedRangeList().stream().anyMatch((r) -> r.getStart() <= number && number < r.getEnd());
	}

	private static String typeOf(FieldDescriptorProto field) {
		if (field.hasTypeName()) {
			return strip(field.getTypeName());
		}
		return field.getType().name().substring("TYPE_".length()).toLowerCase(java.util.Locale.ROOT);
	}

	/** repeated, optional (explicit presence) or singular (implicit presence). */
	private static String cardinalityOf(FieldDescriptorProto field) {
		if (field.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED) {
			return "repeated";
		}
		if (field.getLabel() == FieldDescriptorProto.Label.LABEL_REQUIRED) {
			return "required";
		}
		return field.getProto3Optional() ? "optional" : "singular";
	}

	/** The real oneof a field belongs to, or null (proto3 optional fields sit in a synthetic one: not a oneof). */
	private static String oneofOf(DescriptorProto message, FieldDescriptorProto field) {
		if (!field.hasOneofIndex() || field.getProto3Optional()) {
			return null;
		}
		return message.getOneofDecl(field.getOneofIndex()).getName();
	}

	private static String describeOneof(String oneof) {
		return (oneof != null) ? "oneof " + oneof : "no oneof";
	}

	private static String strip(String typeName) {
		return typeName.startsWith(".") ? typeName.substring(1) : typeName;
	}

}
