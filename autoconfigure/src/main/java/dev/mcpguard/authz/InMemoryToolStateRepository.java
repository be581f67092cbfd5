package dev.mcpguard.authz;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool states of a single instance without a database: they last until the application stops.
 */
public class InMemoryToolStateRepository implements ToolStateRepository {

	private final Map<String, ToolState> states = new ConcurrentHashMap<>();

	@Override
	public List<ToolState> findAll() {
		return List.copyOf(this.states.values());
	}

	@Override
	public void save(ToolState state) {
		this.states.put(state.toolName(), state);
	}

}
