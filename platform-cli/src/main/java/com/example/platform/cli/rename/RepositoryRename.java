package com.example.platform.cli.rename;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.example.platform.cli.rename.RenameRules.Kind;

/**
 * The rename of one repository: what it names today (read from the files), then a plan of every edit and move,
 * checked before anything is written, then the plan applied.
 */
public final class RepositoryRename {

	/** Where the prod overlay gives the images their registry: {@code newName: <prefix>/<image>}. */
	static final String PROD_KUSTOMIZATION = "infra/k8s/overlays/prod/kustomization.yaml";

	private static final Pattern IMAGE_ENTRY = Pattern
		.compile("-\\s*name:\\s*([a-z0-9][a-z0-9._-]*)\\s*\\n\\s*newName:\\s*(\\S+)/\\1\\s*$", Pattern.MULTILINE);

	private static final Pattern PACKAGE_DECLARATION = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;",
			Pattern.MULTILINE);

	/** Never searched for build output: git's own files, ./platform state, dependencies of other tools. */
	private static final java.util.Set<String> NOT_MODULES = java.util.Set.of(".git", ".platform", "node_modules",
			"target", "src");

	/** One file's edit: its new text (written at its new path when it also moves). */
	public record Edit(String path, String text, Map<Kind, Integer> counts) {
	}

	/** Everything the rename will do, computed without writing. */
	public record Plan(RenameRules rules, Map<String, String> moves, Map<String, Edit> edits,
			List<String> buildOutput) {
	}

	private RepositoryRename() {
	}

	/** The groupId the repository builds with today: the root pom's own, or its parent's. */
	public static String currentGroupId(Path root) throws RenameException {
		Path pom = root.resolve("pom.xml");
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			Document document = factory.newDocumentBuilder().parse(pom.toFile());
			Element project = document.getDocumentElement();
			Optional<String> own = childText(project, "groupId");
			if (own.isPresent()) {
				return own.get();
			}
			for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
				if (node instanceof Element parent && parent.getTagName().equals("parent")) {
					Optional<String> inherited = childText(parent, "groupId");
					if (inherited.isPresent()) {
						return inherited.get();
					}
				}
			}
			throw new RenameException(pom + " has no groupId (neither its own nor its parent's)");
		}
		catch (RenameException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new RenameException("cannot read the groupId from " + pom + ": " + ex.getMessage());
		}
	}

	/**
	 * The base package today: the longest package that every Java source's package declaration starts with
	 * (com.example.platform, with com.example.platform.order, .starter, .cli, .test ... below it).
	 */
	public static String currentPackage(Path root, List<String> files) throws RenameException {
		List<String> common = null;
		for (String file : files) {
			if (!file.endsWith(".java")) {
				continue;
			}
			Matcher matcher = PACKAGE_DECLARATION.matcher(read(root, file).orElse(""));
			if (!matcher.find()) {
				continue;
			}
			List<String> segments = List.of(matcher.group(1).split("\\."));
			if (common == null) {
				common = segments;
			}
			else {
				int same = 0;
				while (same < common.size() && same < segments.size() && common.get(same).equals(segments.get(same))) {
					same++;
				}
				common = common.subList(0, same);
			}
		}
		if (common == null || common.isEmpty()) {
			throw new RenameException("cannot tell the current base package: "
					+ (common == null ? "no Java source declares a package"
							: "the Java sources share no common package"));
		}
		return String.join(".", common);
	}

	/** The registry prefix of the prod overlay's images today, or empty when it names none. */
	public static Optional<String> currentImagePrefix(Path root) {
		Optional<String> text = read(root, PROD_KUSTOMIZATION);
		if (text.isEmpty()) {
			return Optional.empty();
		}
		Matcher matcher = IMAGE_ENTRY.matcher(text.get());
		return matcher.find() ? Optional.of(matcher.group(2)) : Optional.empty();
	}

	/**
	 * Every edit and move, checked: a move may not land on an existing file nor on another moving file.
	 * @param files the repository's files, relative to root with forward slashes
	 */
	public static Plan plan(Path root, List<String> files, RenameRules rules) throws RenameException {
		Map<String, String> moves = new TreeMap<>();
		for (String file : files) {
			rules.movedPath(file).ifPresent((target) -> moves.put(file, target));
		}
		Set<String> sources = new HashSet<>(moves.keySet());
		List<String> collisions = new ArrayList<>();
		for (Map.Entry<String, String> move : moves.entrySet()) {
			if (sources.contains(move.getValue()) || Files.exists(root.resolve(move.getValue()))) {
				collisions.add(move.getKey() + " -> " + move.getValue());
			}
		}
		if (!collisions.isEmpty()) {
			throw new RenameException("moving the sources would overwrite existing files:\n  "
					+ String.join("\n  ", collisions.subList(0, Math.min(10, collisions.size())))
					+ (collisions.size() > 10 ? "\n  ... " + (collisions.size() - 10) + " more" : ""));
		}
		Map<String, Edit> edits = new TreeMap<>();
		for (String file : files) {
			Optional<String> text = read(root, file);
			if (text.isEmpty()) {
				continue;
			}
			RenameRules.Rewrite rewrite = rules.rewrite(text.get());
			if (rewrite.changed()) {
				edits.put(file, new Edit(moves.getOrDefault(file, file), rewrite.text(), rewrite.counts()));
			}
		}
		return new Plan(rules, moves, edits, buildOutput(root));
	}

	/** Writes the plan: edits in place, then the moves, then removes the directories the moves emptied. */
	public static void apply(Path root, Plan plan) throws IOException {
		for (Map.Entry<String, Edit> edit : plan.edits().entrySet()) {
			// In place: the file keeps its permissions (mvnw, the scripts)
			Files.writeString(root.resolve(edit.getKey()), edit.getValue().text(), StandardCharsets.UTF_8);
		}
		Set<Path> left = new TreeSet<>();
		for (Map.Entry<String, String> move : plan.moves().entrySet()) {
			Path source = root.resolve(move.getKey());
			Path target = root.resolve(move.getValue());
			Files.createDirectories(target.getParent());
			Files.move(source, target);
			left.add(source.getParent());
		}
		for (Path directory : left) {
			removeEmptyDirectories(root, directory);
		}
	}

	/**
	 * The target/ directories of the Maven modules (a directory with a pom.xml): classes of the old package that a
	 * build without {@code clean} would package and run next to the new ones.
	 */
	static List<String> buildOutput(Path root) throws RenameException {
		List<String> found = new ArrayList<>();
		try {
			collectBuildOutput(root, root, found);
		}
		catch (IOException ex) {
			throw new RenameException("cannot look for build output in " + root + ": " + ex.getMessage());
		}
		return found.stream().sorted().toList();
	}

	private static void collectBuildOutput(Path root, Path directory, List<String> found) throws IOException {
		if (Files.isRegularFile(directory.resolve("pom.xml")) && Files.isDirectory(directory.resolve("target"),
				java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			found.add(root.relativize(directory.resolve("target")).toString().replace('\\', '/'));
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, (entry) -> Files
			.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)
				&& !NOT_MODULES.contains(entry.getFileName().toString()))) {
			for (Path entry : entries) {
				collectBuildOutput(root, entry, found);
			}
		}
	}

	/**
	 * Removes the build output of the old names (last: platform-cli's own jar may be in it, which the running JVM
	 * keeps open). @return the directories that could not be removed, with the reason
	 */
	public static List<String> removeBuildOutput(Path root, Plan plan) {
		List<String> failures = new ArrayList<>();
		for (String directory : plan.buildOutput()) {
			try (java.util.stream.Stream<Path> paths = Files.walk(root.resolve(directory))) {
				for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
			catch (IOException | java.io.UncheckedIOException ex) {
				failures.add(directory + " (" + ex.getMessage() + ")");
			}
		}
		return failures;
	}

	/**
	 * The moves as one line per source directory tree: {@code order-service/src/main/java/com/example/platform ->
	 * .../org/acme/shop (24 files)}.
	 */
	public static Map<String, Integer> movedTrees(Plan plan) {
		String oldPath = RenameRules.path(plan.rules().oldPackage());
		String newPath = RenameRules.path(plan.rules().newPackage());
		Map<String, Integer> trees = new LinkedHashMap<>();
		for (String source : plan.moves().keySet()) {
			String sourceRoot = RenameRules.sourceRoot(source).orElse("");
			trees.merge(sourceRoot + oldPath + " -> " + sourceRoot + newPath, 1, Integer::sum);
		}
		return trees;
	}

	/** Replacements of each kind over the whole plan. */
	public static Map<Kind, Integer> totals(Plan plan) {
		Map<Kind, Integer> totals = new EnumMap<>(Kind.class);
		plan.edits().values().forEach((edit) -> edit.counts().forEach((kind, n) -> totals.merge(kind, n, Integer::sum)));
		return totals;
	}

	private static void removeEmptyDirectories(Path root, Path directory) throws IOException {
		Path current = directory;
		while (current != null && !current.equals(root) && Files.isDirectory(current) && isEmpty(current)) {
			Files.delete(current);
			current = current.getParent();
		}
	}

	private static boolean isEmpty(Path directory) throws IOException {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
			return !entries.iterator().hasNext();
		}
	}

	/** The file's text, or empty when it is not a regular file or not UTF-8 text (images, jars). */
	static Optional<String> read(Path root, String file) {
		Path path = root.resolve(file);
		if (!Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return Optional.empty();
		}
		try {
			byte[] bytes = Files.readAllBytes(path);
			for (byte b : bytes) {
				if (b == 0) {
					return Optional.empty();
				}
			}
			return Optional.of(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString());
		}
		catch (CharacterCodingException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("cannot read " + path, ex);
		}
	}

	private static Optional<String> childText(Element parent, String name) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element child && child.getTagName().equals(name)) {
				return Optional.of(child.getTextContent().trim());
			}
		}
		return Optional.empty();
	}

}
