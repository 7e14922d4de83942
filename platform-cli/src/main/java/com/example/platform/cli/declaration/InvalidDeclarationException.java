package com.example.platform.cli.declaration;

import java.util.List;

/** platform.yaml cannot be used; {@link #problems()} says why, one sentence per problem. */
public class InvalidDeclarationException extends RuntimeException {

	private final List<String> problems;

	public InvalidDeclarationException(List<String> problems) {
		super(String.join("\n", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
