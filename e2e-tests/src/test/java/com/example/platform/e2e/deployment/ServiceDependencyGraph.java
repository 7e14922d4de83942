package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The synchronous call graph of the services, as each declares it in its
 * {@code src/main/resources/application.yaml} under {@code platform.service.calls}. It must stay a
 * DAG: a cycle means a request can travel in a loop and every service on it can take the others down.
 */
record ServiceDependencyGraph(Map<String, List<String>> calls) {

	ServiceDependencyGraph {
		calls = new TreeMap<>(calls);
	}

	/** Every module of {@code root} with an application.yaml is a service; calls default to none. */
	static ServiceDependencyGraph read(Path root) {
		Map<String, List<String>> calls = new HashMap<>();
		try (Stream<Path> modules = Files.list(root)) {
			for (Path module : modules.filter(Files::isDirectory).toList()) {
				Path yaml = module.resolve("src/main/resources/application.yaml");
				if (Files.isRegularFile(yaml)) {
					calls.put(module.getFileName().toString(), declaredCalls(yaml));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ServiceDependencyGraph(calls);
	}

	@SuppressWarnings("unchecked")
	private static List<String> declaredCalls(Path yaml) {
		try (Reader reader = Files.newBufferedReader(yaml, StandardCharsets.UTF_8)) {
			List<String> calls = new ArrayList<>();
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
				Object platform = (document instanceof Map<?, ?> map) ? map.get("platform") : null;
				Object service = (platform instanceof Map<?, ?> map) ? map.get("service") : null;
				Object declared = (service instanceof Map<?, ?> map) ? map.get("calls") : null;
				if (declared instanceof List<?> list) {
					list.forEach((name) -> calls.add(String.valueOf(name)));
				}
				else if (declared instanceof String text) {
					for (String name : text.split(",")) {
						calls.add(name.trim());
					}
				}
			}
			return calls;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Calls to a name that is no service of the graph, as "caller -> name". */
	List<String> unknownTargets() {
		List<String> unknown = new ArrayList<>();
		this.calls.forEach((caller, targets) -> targets.stream()
			.filter((target) -> !this.calls.containsKey(target))
			.forEach((target) -> unknown.add(caller + " -> " + target)));
		return unknown;
	}

	/** A cycle, as the path that closes it (e.g. a -> b -> a), or empty for a DAG. Depth-first, deterministic. */
	Optional<List<String>> findCycle() {
		Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
		for (String start : this.calls.keySet()) {
			List<String> path = new ArrayList<>();
			Optional<List<String>> cycle = visit(start, state, path);
			if (cycle.isPresent()) {
				return cycle;
			}
		}
		return Optional.empty();
	}

	private Optional<List<String>> visit(String service, Map<String, Integer> state, List<String> path) {
		Integer seen = state.get(service);
		if (seen != null && seen == 2) {
			return Optional.empty();
		}
		if (seen != null && seen == 1) {
			List<String> cycle = new ArrayList<>(path.subList(path.indexOf(service), path.size()));
			cycle.add(service);
			return Optional.of(cycle);
		}
		state.put(service, 1);
		path.add(service);
		for (String target : this.calls.getOrDefault(service, List.of())) {
			Optional<List<String>> cycle = visit(target, state, path);
			if (cycle.isPresent()) {
				return cycle;
			}
		}
		path.removeLast();
		state.put(service, 2);
		return Optional.empty();
	}

	/** Fails with the cycle named, e.g. "Service dependency cycle: a -> b -> a". */
	void assertAcyclic() {
		findCycle().ifPresent((cycle) -> {
			throw new AssertionError("Service dependency cycle: " + String.join(" -> ", cycle)
					+ " (platform.service.calls in each service's application.yaml must form a DAG)");
		});
	}

}
