package com.example.platform.cli.rename;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The repository as git sees it: whether it has uncommitted changes, and its files (tracked, and untracked unless
 * ignored). Without git, or outside a work tree of its own, the files are found by walking the directory.
 */
final class GitWorkTree {

	/** Never part of a rename when git cannot say what is ignored: build output, ./platform state, IDE files. */
	static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".platform", ".idea", ".vscode",
			"node_modules");

	/** Benchmark results (ignored by git too): measurements, not sources. */
	static final Set<String> SKIPPED_PATHS = Set.of("benchmarks/results");

	private final Path root;

	private final boolean gitRepository;

	private final String whyNotGit;

	private GitWorkTree(Path root, boolean gitRepository, String whyNotGit) {
		this.root = root;
		this.gitRepository = gitRepository;
		this.whyNotGit = whyNotGit;
	}

	static GitWorkTree of(Path root) {
		Result topLevel;
		try {
			topLevel = git(root, "rev-parse", "--show-toplevel");
		}
		catch (IOException ex) {
			return new GitWorkTree(root, false, "git was not found on the PATH");
		}
		if (topLevel.exitCode() != 0) {
			return new GitWorkTree(root, false, root + " is not a git work tree");
		}
		try {
			if (!Files.isSameFile(Path.of(topLevel.output().strip()), root)) {
				return new GitWorkTree(root, false,
						root + " is not the top of its git work tree (" + topLevel.output().strip() + " is)");
			}
		}
		catch (IOException ex) {
			return new GitWorkTree(root, false, "cannot compare " + root + " with its git work tree: " + ex);
		}
		return new GitWorkTree(root, true, null);
	}

	/** Why the changes cannot be checked (no git, not a work tree), or empty when they can. */
	Optional<String> whyNotGit() {
		return Optional.ofNullable(this.whyNotGit);
	}

	/** {@code git status --porcelain}: one line per uncommitted change or untracked file. */
	List<String> uncommittedChanges() throws IOException {
		Result status = git(this.root, "status", "--porcelain");
		if (status.exitCode() != 0) {
			throw new IOException("git status failed: " + status.output());
		}
		return status.output().lines().filter((line) -> !line.isBlank()).toList();
	}

	/** The files to rename in, relative to the root with forward slashes. */
	List<String> files() throws IOException {
		if (this.gitRepository) {
			Result files = git(this.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
			if (files.exitCode() != 0) {
				throw new IOException("git ls-files failed: " + files.output());
			}
			return Arrays.stream(files.output().split("\0"))
				.filter((file) -> !file.isEmpty())
				.filter((file) -> Files.isRegularFile(this.root.resolve(file)))
				.distinct()
				.sorted()
				.toList();
		}
		List<String> files = new ArrayList<>();
		Files.walkFileTree(this.root, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
				if (directory.equals(GitWorkTree.this.root)) {
					return FileVisitResult.CONTINUE;
				}
				String relative = GitWorkTree.this.root.relativize(directory).toString().replace('\\', '/');
				boolean skipped = SKIPPED_DIRECTORIES.contains(directory.getFileName().toString())
						|| SKIPPED_PATHS.contains(relative);
				return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (attributes.isRegularFile()) {
					files.add(GitWorkTree.this.root.relativize(file).toString().replace('\\', '/'));
				}
				return FileVisitResult.CONTINUE;
			}
		});
		return files.stream().sorted().toList();
	}

	private record Result(int exitCode, String output) {
	}

	private static Result git(Path directory, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("git " + String.join(" ", arguments) + " did not finish within 60 s");
			}
			return new Result(process.exitValue(), output);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new IOException("interrupted while running git", ex));
		}
	}

}
