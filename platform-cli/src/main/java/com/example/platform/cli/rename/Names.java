package com.example.platform.cli.rename;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a new groupId, base package and image prefix must follow; each check answers with the reason when the
 * name breaks one, so the command can say what to type instead.
 */
public final class Names {

	/** Reserved words and literals of the Java language: none can be a package name segment. */
	static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
			"char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
			"finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
			"native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
			"super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
			"while", "true", "false", "null", "_");

	private static final Pattern PACKAGE_SEGMENT = Pattern.compile("[a-z][a-z0-9_]*");

	private static final Pattern GROUP_ID_SEGMENT = Pattern.compile("[a-z][a-z0-9_-]*");

	/** A registry host (optionally with a port) and path, in lower case: ghcr.io/acme, localhost:5000/shop. */
	private static final Pattern IMAGE_PREFIX = Pattern
		.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");

	private Names() {
	}

	/** Why {@code name} is not a base Java package for the template, or empty when it is one. */
	public static Optional<String> packageProblem(String name) {
		Optional<String> segments = segmentProblem("package", name, PACKAGE_SEGMENT,
				"lower-case letters, digits and underscores, starting with a letter");
		if (segments.isPresent()) {
			return segments;
		}
		for (String segment : name.split("\\.")) {
			if (JAVA_KEYWORDS.contains(segment)) {
				return Optional.of("package '" + name + "': '" + segment
						+ "' is a Java keyword and cannot be part of a package name");
			}
		}
		if (name.equals("java") || name.startsWith("java.")) {
			return Optional.of("package '" + name + "': packages under java. are reserved for the JDK");
		}
		return Optional.empty();
	}

	/** Why {@code name} is not a Maven groupId for the template, or empty when it is one. */
	public static Optional<String> groupIdProblem(String name) {
		return segmentProblem("group id", name, GROUP_ID_SEGMENT,
				"lower-case letters, digits, hyphens and underscores, starting with a letter");
	}

	/** Why {@code prefix} is not an image registry prefix (host[:port]/path), or empty when it is one. */
	public static Optional<String> imagePrefixProblem(String prefix) {
		if (IMAGE_PREFIX.matcher(prefix).matches()) {
			return Optional.empty();
		}
		return Optional.of("image prefix '" + prefix + "': expected a registry and path in lower case, without the"
				+ " image name and tag, e.g. ghcr.io/acme or registry.acme.org:5000/shop");
	}

	private static Optional<String> segmentProblem(String what, String name, Pattern segment, String allowed) {
		if (name.isEmpty()) {
			return Optional.of(what + " is empty");
		}
		if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
			return Optional.of(what + " '" + name + "': segments are separated by single dots, e.g. org.acme.shop");
		}
		for (String part : name.split("\\.")) {
			if (!segment.matcher(part).matches()) {
				return Optional.of(what + " '" + name + "': segment '" + part + "' must be " + allowed
						+ " (e.g. org.acme.shop)");
			}
		}
		return Optional.empty();
	}

}
