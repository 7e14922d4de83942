package com.example.platform.cli.newservice;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code platform-cli new-service <platform.yaml> <name> [options]} ({@code ./platform new-service}): exit status 0 when
 * the service was generated (or, with --dry-run, planned), 1 when refused (each problem on stderr, nothing written),
 * 2 for a wrong command line.
 */
public final class NewServiceCommand {

	private NewServiceCommand() {
	}

	public static int run(List<String> args, PrintStream out, PrintStream err) {
		if (args.isEmpty()) {
			err.print(NewServiceOptions.HELP);
			return 2;
		}
		List<String> rest = args.subList(1, args.size());
		if (rest.contains("--help") || rest.contains("-h")) {
			out.print(NewServiceOptions.HELP);
			return 0;
		}
		Path root = Path.of(args.get(0)).toAbsolutePath().normalize().getParent();
		try {
			NewServiceOptions options = NewServiceOptions.parse(rest);
			NewServiceGenerator.Plan plan = NewServiceGenerator.plan(root, options);
			if (!options.dryRun()) {
				NewServiceGenerator.write(root, plan);
			}
			String verb = options.dryRun() ? "would " : "";
			out.println((options.dryRun() ? "Dry run, nothing written. " : "") + options.name() + ": " + verb + "create "
					+ plan.created().size() + " files, " + verb + "change " + plan.changed().size() + ":");
			plan.created().keySet().forEach((path) -> out.println("  + " + path));
			plan.changed().keySet().forEach((path) -> out.println("  ~ " + path));
			if (!options.dryRun()) {
				out.println("Next: ./mvnw -q -pl " + options.name() + " -am verify   (its tests), then ./platform up;"
						+ " write your domain code in " + options.name() + "/ (docs/adding-a-service.md).");
			}
			return 0;
		}
		catch (NewServiceException ex) {
			err.println("new-service refused" + (ex.problems().size() > 1 ? " (" + ex.problems().size() + " problems)" : "")
					+ ", nothing was written:");
			ex.problems().forEach((problem) -> err.println("  " + problem));
			return 1;
		}
	}

}
