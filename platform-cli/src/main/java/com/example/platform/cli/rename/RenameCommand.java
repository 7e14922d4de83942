package com.example.platform.cli.rename;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.example.platform.cli.rename.RenameRules.Kind;

/**
 * {@code platform-cli rename <repository root> --group-id <g> [--package <p>] [--image-prefix <x>] [--force]
 * [--dry-run]}, run by {@code ./platform rename}: the template's Maven groupId, base Java package and image registry
 * prefix changed in every file, the sources moved to the new package's directories, and a summary of it printed.
 * Refuses (writing nothing) on invalid names, and when the work tree has uncommitted changes (the user reviews the
 * rename with git diff and can revert it) unless --force.
 */
public final class RenameCommand {

	public static final String USAGE = """
			Usage: platform-cli rename <repository root> --group-id <groupId> [--package <package>]
			                           [--image-prefix <registry/path>] [--force] [--dry-run]
			  --group-id      the new Maven groupId of every module (today's is read from the root pom)
			  --package       the new base Java package (default: the new groupId); sub-packages keep their names:
			                  <old>.order becomes <new>.order
			  --image-prefix  the registry and path the prod overlay's images are pushed to, e.g. ghcr.io/acme
			                  (default: unchanged); image names stay the service names
			  --force         rename even though the work tree has uncommitted changes (or is not a git work tree)
			  --dry-run       print what would change, write nothing
			Not renamed: proto packages and Kafka topics (platform.order.events.v1, platform.customer.v1: wire
			contracts), platform.* configuration keys, artifactIds, service and image names.
			""";

	private RenameCommand() {
	}

	/** @return 0 when renamed (or nothing to do in a dry run), 1 when refused, 2 for a wrong command line */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> positional = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--help") || arg.equals("-h")) {
				out.print(USAGE);
				return 0;
			}
			if (arg.equals("--force") || arg.equals("--dry-run")) {
				options.put(arg, "true");
			}
			else if (List.of("--group-id", "--package", "--image-prefix").contains(arg)) {
				if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
					err.println(arg + " needs a value");
					err.print(USAGE);
					return 2;
				}
				options.put(arg, args[++i]);
			}
			else if (arg.startsWith("--") && arg.contains("=")
					&& List.of("--group-id", "--package", "--image-prefix").contains(arg.substring(0, arg.indexOf('=')))) {
				options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			else if (arg.startsWith("--")) {
				err.println("unknown option " + arg);
				err.print(USAGE);
				return 2;
			}
			else {
				positional.add(arg);
			}
		}
		if (positional.size() != 1 || (!options.containsKey("--group-id") && !options.containsKey("--package")
				&& !options.containsKey("--image-prefix"))) {
			err.print(USAGE);
			return 2;
		}
		Path root = Path.of(positional.get(0)).toAbsolutePath().normalize();
		try {
			return rename(root, options, out);
		}
		catch (RenameException ex) {
			err.println("rename refused, nothing was changed: " + ex.getMessage());
			return 1;
		}
		catch (IOException | UncheckedIOException ex) {
			err.println("rename failed: " + ex.getMessage());
			return 1;
		}
	}

	private static int rename(Path root, Map<String, String> options, PrintStream out)
			throws RenameException, IOException {
		if (!Files.isRegularFile(root.resolve("pom.xml"))) {
			throw new RenameException(root + " is not the repository root (it has no pom.xml)");
		}
		String newGroupId = options.get("--group-id");
		String newPackage = options.getOrDefault("--package", newGroupId);
		String newImagePrefix = Optional.ofNullable(options.get("--image-prefix"))
			.map((prefix) -> prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix)
			.orElse(null);
		List<String> problems = new ArrayList<>();
		if (newGroupId != null) {
			Names.groupIdProblem(newGroupId).ifPresent(problems::add);
		}
		if (newPackage != null) {
			Names.packageProblem(newPackage).ifPresent(problems::add);
		}
		if (newImagePrefix != null) {
			Names.imagePrefixProblem(newImagePrefix).ifPresent(problems::add);
		}
		if (!problems.isEmpty()) {
			throw new RenameException(String.join("; ", problems));
		}

		boolean force = options.containsKey("--force");
		boolean dryRun = options.containsKey("--dry-run");
		GitWorkTree workTree = GitWorkTree.of(root);
		if (!force && !dryRun) {
			Optional<String> whyNotGit = workTree.whyNotGit();
			if (whyNotGit.isPresent()) {
				throw new RenameException(whyNotGit.get() + ", so the rename could not be reviewed with git diff nor"
						+ " reverted; commit the repository to git first, or pass --force");
			}
			List<String> changes = workTree.uncommittedChanges();
			if (!changes.isEmpty()) {
				throw new RenameException("the work tree has uncommitted changes; commit or stash them first, so the"
						+ " rename can be reviewed with git diff and reverted, or pass --force:\n  "
						+ changes.stream().limit(10).collect(Collectors.joining("\n  "))
						+ (changes.size() > 10 ? "\n  ... " + (changes.size() - 10) + " more" : ""));
			}
		}

		List<String> files = workTree.files();
		String oldGroupId = RepositoryRename.currentGroupId(root);
		String oldPackage = RepositoryRename.currentPackage(root, files);
		Optional<String> oldImagePrefix = RepositoryRename.currentImagePrefix(root);
		if (newImagePrefix != null && oldImagePrefix.isEmpty()) {
			throw new RenameException("--image-prefix: " + RepositoryRename.PROD_KUSTOMIZATION
					+ " names no registry prefix (newName: <prefix>/<image>) to replace");
		}
		RenameRules rules = new RenameRules(oldGroupId, (newGroupId != null) ? newGroupId : oldGroupId, oldPackage,
				(newPackage != null) ? newPackage : oldPackage, oldImagePrefix.orElse(null), newImagePrefix);
		if (rules.newGroupId().equals(oldGroupId) && rules.newPackage().equals(oldPackage)
				&& rules.newImagePrefix().isEmpty()) {
			throw new RenameException("nothing to rename: the groupId is " + oldGroupId + ", the package " + oldPackage
					+ oldImagePrefix.map((prefix) -> " and the image prefix " + prefix).orElse("") + " already");
		}
		RepositoryRename.Plan plan = RepositoryRename.plan(root, files, rules);
		if (!dryRun) {
			RepositoryRename.apply(root, plan);
		}
		printSummary(plan, dryRun, out);
		if (dryRun) {
			return 0;
		}
		List<String> failures = RepositoryRename.removeBuildOutput(root, plan);
		if (!failures.isEmpty()) {
			out.println("Could not remove the build output of " + String.join(", ", failures)
					+ ": run ./mvnw clean before the next build.");
		}
		return 0;
	}

	private static void printSummary(RepositoryRename.Plan plan, boolean dryRun, PrintStream out) {
		RenameRules rules = plan.rules();
		out.println((dryRun ? "Would rename (dry run, nothing written):" : "Renamed:"));
		out.println("  groupId       " + change(rules.oldGroupId(), rules.newGroupId()));
		out.println("  base package  " + change(rules.oldPackage(), rules.newPackage()));
		out.println("  image prefix  " + rules.oldImagePrefix()
			.map((old) -> change(old, rules.newImagePrefix().orElseThrow()))
			.orElse("unchanged"));

		Map<String, Integer> trees = RepositoryRename.movedTrees(plan);
		out.println((dryRun ? "Would move " : "Moved ") + plan.moves().size() + " files, in " + trees.size()
				+ " source trees:");
		trees.forEach((tree, count) -> out.println("  " + tree + " (" + count + (count == 1 ? " file)" : " files)")));

		Map<Kind, Integer> totals = RepositoryRename.totals(plan);
		out.println((dryRun ? "Would edit " : "Edited ") + plan.edits().size() + " files ("
				+ totals.entrySet()
					.stream()
					.map((total) -> total.getValue() + " " + total.getKey().label())
					.collect(Collectors.joining(", "))
				+ " replacements):");
		Map<String, Integer> javaPerModule = new TreeMap<>();
		for (Map.Entry<String, RepositoryRename.Edit> edit : plan.edits().entrySet()) {
			String file = edit.getKey();
			if (file.endsWith(".java")) {
				String module = file.contains("/src/") ? file.substring(0, file.indexOf("/src/")) : ".";
				javaPerModule.merge(module, 1, Integer::sum);
			}
			else {
				out.println("  " + file + " (" + counts(edit.getValue().counts()) + ")");
			}
		}
		javaPerModule.forEach((module, count) -> out.println("  " + module + ": " + count + " Java "
				+ (count == 1 ? "source" : "sources")));
		if (!plan.buildOutput().isEmpty()) {
			out.println((dryRun ? "Would remove " : "Removed ") + "the build output of the old names (as ./mvnw clean"
					+ " does): " + String.join(" ", plan.buildOutput()));
		}
		out.println("Not renamed: proto packages and Kafka topics (platform.*.v1: wire contracts), platform.*"
				+ " configuration keys, artifactIds, service and image names.");
		if (!dryRun) {
			out.println("Next: review it (git add -A && git diff --cached -M --stat), then ./mvnw verify.");
		}
	}

	private static String change(String from, String to) {
		return from.equals(to) ? from + " (unchanged)" : from + " -> " + to;
	}

	private static String counts(Map<Kind, Integer> counts) {
		return new TreeMap<>(counts).entrySet()
			.stream()
			.map((count) -> count.getKey().label() + " " + count.getValue())
			.collect(Collectors.joining(", "));
	}

}
