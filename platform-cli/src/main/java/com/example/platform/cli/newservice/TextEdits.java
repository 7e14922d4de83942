package com.example.platform.cli.newservice;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits of a file's text at a clear anchor, so comments and formatting stay as they are (re-serialising YAML would drop
 * them). An anchor that is missing is a refusal naming the file and what was looked for: nothing is written.
 */
final class TextEdits {

	private TextEdits() {
	}

	/** The first match of {@code regex} (multiline) at or after {@code from}. */
	static Matcher find(String text, String file, String regex, int from, String what) {
		Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
		if (!matcher.find(from)) {
			throw missing(file, what);
		}
		return matcher;
	}

	/** The start and end of the last match of {@code regex} (multiline) in {@code [from, to)}. */
	static int[] findLast(String text, String file, String regex, int from, int to, String what) {
		Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
		matcher.region(from, to);
		int[] last = null;
		while (matcher.find()) {
			last = new int[] { matcher.start(), matcher.end() };
		}
		if (last == null) {
			throw missing(file, what);
		}
		return last;
	}

	static String insertAt(String text, int index, String insertion) {
		return text.substring(0, index) + insertion + text.substring(index);
	}

	/** Inserts before the line where the first match of {@code regex} starts. */
	static String insertBeforeLine(String text, String file, String regex, String insertion, String what) {
		return insertAt(text, lineStart(text, find(text, file, regex, 0, what).start()), insertion);
	}

	/** Inserts after the line where the last match of {@code regex} in the range ends. */
	static String insertAfterLastLine(String text, String file, String regex, int from, int to, String insertion,
			String what) {
		return insertAt(text, lineEnd(text, findLast(text, file, regex, from, to, what)[1]), insertion);
	}

	/**
	 * Adds {@code name} to a flow list {@code [a, b]}: before {@code before} when it is in the list, else at its end.
	 * {@code listStart} is the index of the list's '['.
	 */
	static String addToFlowList(String text, String file, int listStart, String name, String before, String what) {
		int end = text.indexOf(']', listStart);
		if (listStart < 0 || end < 0) {
			throw missing(file, what);
		}
		String list = text.substring(listStart + 1, end);
		if (list.isBlank()) {
			return text.substring(0, listStart + 1) + name + text.substring(end);
		}
		Matcher beforeMatch = Pattern.compile("(^|,\\s*)" + Pattern.quote(String.valueOf(before)) + "\\s*(,|$)")
			.matcher(list);
		if (before != null && beforeMatch.find()) {
			int at = listStart + 1 + beforeMatch.start() + beforeMatch.group(1).length();
			return insertAt(text, at, name + ", ");
		}
		return insertAt(text, end, ", " + name);
	}

	static int lineStart(String text, int index) {
		return (index == 0) ? 0 : text.lastIndexOf('\n', index - 1) + 1;
	}

	static int lineEnd(String text, int index) {
		int newline = text.indexOf('\n', Math.max(index - 1, 0));
		return (newline < 0) ? text.length() : newline + 1;
	}

	/** The start and end of the YAML document (between "---" lines) that contains {@code index}. */
	static int[] document(String text, int index) {
		int start = text.lastIndexOf("\n---\n", index);
		start = (start < 0) ? 0 : start + 5;
		int end = text.indexOf("\n---\n", index);
		end = (end < 0) ? text.length() : end + 1;
		return new int[] { start, end };
	}

	/** The document whose text contains {@code regex}, e.g. {@code ^  name: gateway-egress$}. */
	static int[] documentOf(String text, String file, String regex, String what) {
		return document(text, find(text, file, regex, 0, what).start());
	}

	static NewServiceException missing(String file, String what) {
		return new NewServiceException(file + ": cannot find " + what + " (the anchor the command edits at); restore it,"
				+ " or make this change by hand (docs/adding-a-service.md lists each)");
	}

}
