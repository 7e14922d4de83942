package com.example.platform.cli.rename;

/** Why the rename refuses to run; nothing has been written when it is thrown. */
public final class RenameException extends Exception {

	private static final long serialVersionUID = 1L;

	public RenameException(String message) {
		super(message);
	}

}
