package com.example.platform.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.example.platform.cli.consistency.ServiceConfigurationCheck;
import com.example.platform.cli.declaration.InvalidDeclarationException;
import com.example.platform.cli.declaration.PlatformDeclaration;
import com.example.platform.cli.derived.DerivedFiles;
import com.example.platform.cli.logs.LogsCommand;
import com.example.platform.cli.newservice.NewServiceCommand;
import com.example.platform.cli.rename.RenameCommand;
import com.example.platform.cli.shell.ShellAssignments;
import com.example.platform.cli.trace.TraceCommand;

/**
 * {@code java -jar platform-cli.jar <command> <platform.yaml>}: what the ./platform scripts need from platform.yaml,
 * without parsing YAML in bash. Exit status 0 when done, 1 when platform.yaml has problems (printed on stderr, one a
 * line), 2 for a wrong command line.
 */
public final class PlatformCli {

	static final String USAGE = """
			Usage: platform-cli <command> <platform.yaml>
			  check   validate platform.yaml and compare it with the services' application.yaml files;
			          prints ok, or the problems (exit status 1)
			  generate  write what is derived from platform.yaml into the files that list the services (between
			          their "[derived from platform.yaml: ...]" markers); prints the files it changed
			  shell   bash assignments of the services (in start order), ports and databases, for eval in
			          tools/platform/services.sh; exit status 1 with the problems when platform.yaml is invalid
			Usage: platform-cli new-service <platform.yaml> <name> [options]   (--help: the options)
			Usage: platform-cli rename <repository root> --group-id <groupId> [options]   (--help: the options)
			Usage: platform-cli trace <zipkin-url> <trace-id> [--expect service[:KIND]]... [--wait <s>]   (--help)
			Usage: platform-cli logs <logs-dir> --trace <trace-id>   (--help)
			""";

	private PlatformCli() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length > 0 && args[0].equals("new-service")) {
			return NewServiceCommand.run(List.of(args).subList(1, args.length), out, err);
		}
		if (args.length > 0 && args[0].equals("rename")) {
			return RenameCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
		}
		if (args.length > 0 && args[0].equals("trace")) {
			return TraceCommand.run(List.of(args).subList(1, args.length), out, err);
		}
		if (args.length > 0 && args[0].equals("logs")) {
			return LogsCommand.run(List.of(args).subList(1, args.length), out, err);
		}
		if (args.length != 2 || !List.of("check", "shell", "generate").contains(args[0])) {
			err.print(USAGE);
			return 2;
		}
		Path file = Path.of(args[1]).toAbsolutePath().normalize();
		List<String> problems = new ArrayList<>();
		try {
			PlatformDeclaration declaration = PlatformDeclaration.read(file);
			if (args[0].equals("shell")) {
				out.print(ShellAssignments.of(declaration));
				return 0;
			}
			if (args[0].equals("generate")) {
				List<String> changed = DerivedFiles.generate(file.getParent(), declaration);
				out.println(changed.isEmpty() ? "up to date" : "wrote " + String.join(", ", changed));
				return 0;
			}
			problems.addAll(ServiceConfigurationCheck.problems(file.getParent(), declaration));
			problems.addAll(DerivedFiles.stale(file.getParent(), declaration));
		}
		catch (IllegalStateException ex) {
			problems.addAll(List.of(ex.getMessage().split("\n")));
		}
		catch (InvalidDeclarationException ex) {
			problems.addAll(ex.problems().stream().map((problem) -> file.getFileName() + ": " + problem).toList());
		}
		if (problems.isEmpty()) {
			out.println("ok");
			return 0;
		}
		err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + file + ":");
		problems.forEach((problem) -> err.println("  " + problem));
		return 1;
	}

}
