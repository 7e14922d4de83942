package com.example.platform.cli.newservice;

import java.util.List;

/** The command refuses: each problem is one sentence that says what is wrong and what to do. Nothing was written. */
public class NewServiceException extends RuntimeException {

	private final List<String> problems;

	public NewServiceException(String problem) {
		this(List.of(problem));
	}

	public NewServiceException(List<String> problems) {
		super(String.join("\n", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
