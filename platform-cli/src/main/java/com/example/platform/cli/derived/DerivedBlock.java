package com.example.platform.cli.derived;

import java.util.List;
import java.util.function.Function;

import com.example.platform.cli.declaration.PlatformDeclaration;

/**
 * Lines of a file that are derived from platform.yaml: between a line that contains
 * {@code [derived from platform.yaml: <name>]} and the next line that contains {@code [end of <name>]}, in the
 * file's own comment syntax. {@code ./platform generate} rewrites them; the lines around them (comments included) are the
 * file's own.
 *
 * @param path the file, relative to the repository root
 * @param name what the lines are, as the markers name it
 * @param render the lines, without the marker's indentation (added to each non-blank line)
 */
record DerivedBlock(String path, String name, Function<PlatformDeclaration, List<String>> render) {

	String beginMarker() {
		return "[derived from platform.yaml: " + this.name + "]";
	}

	String endMarker() {
		return "[end of " + this.name + "]";
	}

}
