package com.example.platform.e2e.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The synchronous call graph of the services, as platform.yaml declares it ({@code calls}, the one place it is
 * written). It must stay a DAG: a cycle
 * means a request can travel in a loop and every service on it can take the others down.
 */
record ServiceDependencyGraph(Map<String, List<String>> calls) {

	ServiceDependencyGraph {
		calls = new TreeMap<>(calls);
	}

	/** The declared services of {@code root}/platform.yaml and whom each calls. */
	static ServiceDependencyGraph read(Path root) {
		Map<String, List<String>> calls = new HashMap<>();
		DeclaredServices.read(root).forEach((name, service) -> calls.put(name, service.calls()));
		return new ServiceDependencyGraph(calls);
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
					+ " (the calls of platform.yaml must form a DAG)");
		});
	}

}
