package dev.mcpguard.authz;

import java.util.List;

/**
 * Where the kill switch keeps tool states: the shared database in a cluster, memory on a single instance without
 * one.
 */
public interface ToolStateRepository {

	/**
	 * Every stored state.
	 * @return the states
	 */
	List<ToolState> findAll();

	/**
	 * Store a state, replacing the previous one of the tool.
	 * @param state the new state
	 */
	void save(ToolState state);

}
