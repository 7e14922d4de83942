package com.example.platform.cli.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader (RFC 8259) for what platform-cli reads: Zipkin's API answers and structured (ECS) log lines. Objects
 * become {@code Map<String, Object>} (in document order), arrays {@code List<Object>}, strings {@code String}, numbers
 * {@code Long} when integral and in range, else {@code BigDecimal}, and {@code true}, {@code false}, {@code null}.
 * <p>
 * Small on purpose: platform-cli runs at every ./platform call and depends on SnakeYAML only. SnakeYAML reads most
 * JSON too, but not all of it (YAML 1.1 has no {@code \/} escape, and caps a document's size), so JSON gets its own
 * reader instead of a second library.
 */
public final class Json {

	private final String text;

	private int position;

	private Json(String text) {
		this.text = text;
	}

	/** The value {@code text} holds; {@link IllegalArgumentException} naming the offset when it is not JSON. */
	public static Object parse(String text) {
		Json json = new Json(text);
		json.skipWhitespace();
		Object value = json.value();
		json.skipWhitespace();
		if (json.position != text.length()) {
			throw json.error("unexpected text after the value");
		}
		return value;
	}

	/** The member {@code path} (keys of nested objects) of a parsed object, or null when one of them is missing. */
	public static Object at(Object value, String... path) {
		Object current = value;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	private Object value() {
		if (this.position >= this.text.length()) {
			throw error("unexpected end of input");
		}
		char c = this.text.charAt(this.position);
		return switch (c) {
			case '{' -> object();
			case '[' -> array();
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield number();
				}
				throw error("unexpected character '" + c + "'");
			}
		};
	}

	private Map<String, Object> object() {
		Map<String, Object> members = new LinkedHashMap<>();
		this.position++; // {
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return members;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a string key");
			}
			String key = string();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			members.put(key, value());
			skipWhitespace();
			char c = next();
			if (c == '}') {
				return members;
			}
			if (c != ',') {
				throw error("expected ',' or '}'");
			}
		}
	}

	private List<Object> array() {
		List<Object> elements = new ArrayList<>();
		this.position++; // [
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return elements;
		}
		while (true) {
			skipWhitespace();
			elements.add(value());
			skipWhitespace();
			char c = next();
			if (c == ']') {
				return elements;
			}
			if (c != ',') {
				throw error("expected ',' or ']'");
			}
		}
	}

	private String string() {
		this.position++; // "
		StringBuilder out = new StringBuilder();
		while (true) {
			char c = next();
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				throw error("control character in a string");
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char escaped = next();
			switch (escaped) {
				case '"', '\\', '/' -> out.append(escaped);
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("incomplete \\u escape");
					}
					try {
						out.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					}
					catch (NumberFormatException ex) {
						throw error("bad \\u escape");
					}
					this.position += 4;
				}
				default -> throw error("bad escape '\\" + escaped + "'");
			}
		}
	}

	private Object number() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		digits();
		boolean integral = true;
		if (peek() == '.') {
			integral = false;
			this.position++;
			digits();
		}
		if (peek() == 'e' || peek() == 'E') {
			integral = false;
			this.position++;
			if (peek() == '+' || peek() == '-') {
				this.position++;
			}
			digits();
		}
		String number = this.text.substring(start, this.position);
		if (integral) {
			try {
				return Long.parseLong(number);
			}
			catch (NumberFormatException ex) {
				// beyond a long: a BigDecimal below
			}
		}
		return new BigDecimal(number);
	}

	private void digits() {
		int start = this.position;
		while (this.position < this.text.length() && Character.isDigit(this.text.charAt(this.position))) {
			this.position++;
		}
		if (this.position == start) {
			throw error("expected a digit");
		}
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw error("expected " + word);
		}
		this.position += word.length();
		return value;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private char peek() {
		return this.position < this.text.length() ? this.text.charAt(this.position) : '\0';
	}

	private char next() {
		if (this.position >= this.text.length()) {
			throw error("unexpected end of input");
		}
		return this.text.charAt(this.position++);
	}

	private void expect(char c) {
		if (next() != c) {
			this.position--;
			throw error("expected '" + c + "'");
		}
	}

	private IllegalArgumentException error(String problem) {
		return new IllegalArgumentException("not JSON: " + problem + " at offset " + this.position);
	}

}
