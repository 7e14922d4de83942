package com.example.platform.cli.rename;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one file's text and one file's path change: the rules of {@code ./platform rename}, without any I/O.
 * <p>
 * Text, in one pass (a replacement is never rewritten again, so a new name may contain the old one):
 * <ul>
 * <li>the groupId where the text says it is one: {@code <groupId>old</groupId>}, {@code groupId `old`} (or
 * {@code groupId=old}, {@code groupId: old}) and Maven coordinates {@code old:artifact} or {@code old:*};</li>
 * <li>every other occurrence of the old base package as a whole name, with its sub-packages ({@code package},
 * {@code import}, fully qualified names in Java, resources, logging levels, {@code java_package} in the protos,
 * documentation): {@code <old>.order} becomes {@code <new>.order}, while a longer name that starts with the old
 * one ({@code <old>x}) and the proto packages and topics ({@code platform.order.events.v1}) stay;</li>
 * <li>the old package as a path ({@code <old>} with slashes), as documentation names source files;</li>
 * <li>the old image registry prefix followed by a slash, when a new one is given.</li>
 * </ul>
 * Paths: a file under {@code src/<set>/java}, {@code resources}, {@code kotlin} or {@code groovy} whose path there
 * starts with the old package's directories moves to the new package's directories.
 */
public final class RenameRules {

	/** What a replacement renamed. */
	public enum Kind {

		GROUP_ID("groupId"), PACKAGE("package"), PACKAGE_PATH("package path"), IMAGE_PREFIX("image prefix");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

	/** A file's new text and how many replacements of each kind made it. */
	public record Rewrite(String text, Map<Kind, Integer> counts) {

		public boolean changed() {
			return !this.counts.isEmpty();
		}

	}

	private static final String NAME_CHAR = "[\\w$-]";

	private static final Pattern SOURCE_ROOT = Pattern.compile("(^|.*/)src/[^/]+/(java|resources|kotlin|groovy)/");

	private final String oldGroupId;

	private final String newGroupId;

	private final String oldPackage;

	private final String newPackage;

	private final String oldImagePrefix;

	private final String newImagePrefix;

	private final Pattern pattern;

	/**
	 * @param oldImagePrefix the registry prefix the repository uses today, or null to leave image names alone
	 * @param newImagePrefix the new registry prefix, or null to leave image names alone
	 */
	public RenameRules(String oldGroupId, String newGroupId, String oldPackage, String newPackage,
			String oldImagePrefix, String newImagePrefix) {
		this.oldGroupId = oldGroupId;
		this.newGroupId = newGroupId;
		this.oldPackage = oldPackage;
		this.newPackage = newPackage;
		boolean images = oldImagePrefix != null && newImagePrefix != null && !oldImagePrefix.equals(newImagePrefix);
		this.oldImagePrefix = images ? oldImagePrefix : null;
		this.newImagePrefix = images ? newImagePrefix : null;
		String group = Pattern.quote(oldGroupId);
		StringBuilder regex = new StringBuilder();
		regex.append("(?<groupXml><groupId>\\s*)").append(group).append("(?=\\s*</groupId>)");
		regex.append("|(?<groupWord>groupId[ `'\"=:]{1,3})").append(group).append("(?!").append(NAME_CHAR).append(")");
		regex.append("|(?<groupCoordinates>(?<!").append(NAME_CHAR).append(")").append(group)
			.append("(?=:[\\w*$]))");
		regex.append("|(?<package>(?<!").append(NAME_CHAR).append(")").append(Pattern.quote(oldPackage))
			.append("(?!").append(NAME_CHAR).append("))");
		regex.append("|(?<path>(?<!").append(NAME_CHAR).append(")").append(Pattern.quote(path(oldPackage)))
			.append("(?!").append(NAME_CHAR).append("))");
		if (this.oldImagePrefix != null) {
			regex.append("|(?<image>(?<![\\w.-])").append(Pattern.quote(this.oldImagePrefix)).append("/)");
		}
		this.pattern = Pattern.compile(regex.toString());
	}

	public String oldGroupId() {
		return this.oldGroupId;
	}

	public String newGroupId() {
		return this.newGroupId;
	}

	public String oldPackage() {
		return this.oldPackage;
	}

	public String newPackage() {
		return this.newPackage;
	}

	public Optional<String> oldImagePrefix() {
		return Optional.ofNullable(this.oldImagePrefix);
	}

	public Optional<String> newImagePrefix() {
		return Optional.ofNullable(this.newImagePrefix);
	}

	/** The text with every rule applied once. */
	public Rewrite rewrite(String text) {
		Matcher matcher = this.pattern.matcher(text);
		Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
		StringBuilder result = new StringBuilder(text.length() + 64);
		while (matcher.find()) {
			String replacement;
			Kind kind;
			if (matcher.group("groupXml") != null) {
				kind = Kind.GROUP_ID;
				replacement = matcher.group("groupXml") + this.newGroupId;
			}
			else if (matcher.group("groupWord") != null) {
				kind = Kind.GROUP_ID;
				replacement = matcher.group("groupWord") + this.newGroupId;
			}
			else if (matcher.group("groupCoordinates") != null) {
				kind = Kind.GROUP_ID;
				replacement = this.newGroupId;
			}
			else if (matcher.group("package") != null) {
				kind = Kind.PACKAGE;
				replacement = this.newPackage;
			}
			else if (matcher.group("path") != null) {
				kind = Kind.PACKAGE_PATH;
				replacement = path(this.newPackage);
			}
			else {
				kind = Kind.IMAGE_PREFIX;
				replacement = this.newImagePrefix + "/";
			}
			if (!matcher.group().equals(replacement)) {
				counts.merge(kind, 1, Integer::sum);
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		if (counts.isEmpty()) {
			return new Rewrite(text, Map.of());
		}
		matcher.appendTail(result);
		return new Rewrite(result.toString(), Map.copyOf(counts));
	}

	/**
	 * Where a file moves, relative to the repository root with forward slashes, or empty when it stays: a file in a
	 * source root (src/main/java, src/test/resources, ...) inside the old package's directories.
	 */
	public Optional<String> movedPath(String relativePath) {
		Matcher root = SOURCE_ROOT.matcher(relativePath);
		if (!root.lookingAt()) {
			return Optional.empty();
		}
		String inRoot = relativePath.substring(root.end());
		String oldPath = path(this.oldPackage) + "/";
		if (!inRoot.startsWith(oldPath) || this.oldPackage.equals(this.newPackage)) {
			return Optional.empty();
		}
		return Optional.of(relativePath.substring(0, root.end()) + path(this.newPackage) + "/"
				+ inRoot.substring(oldPath.length()));
	}

	/** The source root a path is in (e.g. {@code order-service/src/main/java/}), or empty. */
	static Optional<String> sourceRoot(String relativePath) {
		Matcher root = SOURCE_ROOT.matcher(relativePath);
		return root.lookingAt() ? Optional.of(relativePath.substring(0, root.end())) : Optional.empty();
	}

	static String path(String packageName) {
		return packageName.replace('.', '/');
	}

}
