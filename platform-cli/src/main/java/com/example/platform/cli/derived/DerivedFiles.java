package com.example.platform.cli.derived;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.example.platform.cli.declaration.PlatformDeclaration;

/**
 * Writes the blocks derived from platform.yaml ({@link PlatformBlocks}) into their files, or says which ones are not
 * what the declaration gives. One mechanism for every file that lists the services: the declaration is the only place
 * a user edits, the files keep their own comments and layout around the blocks.
 */
public final class DerivedFiles {

	private DerivedFiles() {
	}

	/**
	 * Rewrites every derived block under {@code root}.
	 * @return the files that changed, relative to root
	 * @throws IllegalStateException when a file or a block's markers are missing (nothing is written then)
	 */
	public static List<String> generate(Path root, PlatformDeclaration declaration) {
		Map<String, String> updated = derive((path) -> read(root.resolve(path)), declaration);
		updated.forEach((path, text) -> write(root.resolve(path), text));
		return List.copyOf(updated.keySet());
	}

	/**
	 * The files whose derived blocks change, with their new text, computed from their current text (null for a file
	 * that does not exist), without writing anything.
	 * @throws IllegalStateException when a file or a block's markers are missing
	 */
	public static Map<String, String> derive(Function<String, String> currentText, PlatformDeclaration declaration) {
		List<String> problems = new ArrayList<>();
		Map<String, String> updated = new LinkedHashMap<>();
		render(currentText, declaration, problems).forEach((path, rendered) -> {
			if (!rendered.updated().equals(rendered.current())) {
				updated.put(path, rendered.updated());
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException(String.join("\n", problems));
		}
		return updated;
	}

	/** Each block that is not what the declaration gives, as {@code file:line: ...}; empty when all are current. */
	public static List<String> stale(Path root, PlatformDeclaration declaration) {
		List<String> problems = new ArrayList<>();
		render((path) -> read(root.resolve(path)), declaration, problems)
			.forEach((path, rendered) -> problems.addAll(rendered.staleBlocks()));
		return problems;
	}

	/** The files that hold derived blocks, relative to the repository root. */
	public static Set<String> paths() {
		Set<String> paths = new LinkedHashSet<>();
		PlatformBlocks.all().forEach((block) -> paths.add(block.path()));
		return paths;
	}

	private static Map<String, Rendered> render(Function<String, String> currentText, PlatformDeclaration declaration,
			List<String> problems) {
		Map<String, Rendered> files = new LinkedHashMap<>();
		for (DerivedBlock block : PlatformBlocks.all()) {
			Rendered file = files.get(block.path());
			if (file == null) {
				String text = currentText.apply(block.path());
				if (text == null) {
					problems.add(block.path() + ": missing (it holds the " + block.name() + " derived from platform.yaml)");
					continue;
				}
				file = new Rendered(block.path(), text);
				files.put(block.path(), file);
			}
			file.replace(block, block.render().apply(declaration), problems);
		}
		return files;
	}

	private static String read(Path path) {
		if (!Files.isRegularFile(path)) {
			return null;
		}
		try {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path path, String text) {
		try {
			Files.writeString(path, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A file's text before and after its blocks are rendered, and where they differed. */
	private static final class Rendered {

		private final String path;

		private final String current;

		private final List<String> lines;

		private final List<String> staleBlocks = new ArrayList<>();

		Rendered(String path, String current) {
			this.path = path;
			this.current = current;
			this.lines = new ArrayList<>(List.of(current.split("\n", -1)));
		}

		String current() {
			return this.current;
		}

		String updated() {
			return String.join("\n", this.lines);
		}

		List<String> staleBlocks() {
			return this.staleBlocks;
		}

		void replace(DerivedBlock block, List<String> rendered, List<String> problems) {
			int begin = indexOf(block.beginMarker(), 0);
			int end = begin < 0 ? -1 : indexOf(block.endMarker(), begin + 1);
			if (begin < 0 || end < 0) {
				problems.add(this.path + ": no lines between '" + block.beginMarker() + "' and '" + block.endMarker()
						+ "' (the markers ./platform generate writes the " + block.name() + " between)");
				return;
			}
			String marker = this.lines.get(begin);
			String indentation = marker.substring(0, marker.length() - marker.stripLeading().length());
			List<String> indented = rendered.stream().map((line) -> line.isBlank() ? "" : indentation + line).toList();
			if (!this.lines.subList(begin + 1, end).equals(indented)) {
				this.staleBlocks.add(this.path + ":" + (begin + 2) + ": the lines derived from platform.yaml (" + block.name()
						+ ") differ from what it declares: run ./platform generate");
				this.lines.subList(begin + 1, end).clear();
				this.lines.addAll(begin + 1, indented);
			}
		}

		private int indexOf(String marker, int from) {
			for (int i = from; i < this.lines.size(); i++) {
				if (this.lines.get(i).contains(marker)) {
					return i;
				}
			}
			return -1;
		}

	}

}
