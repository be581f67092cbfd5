package dev.mcpguard.pipeline;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Every tool the guard wraps, by name: its {@link ToolDescriptor}, the original specification and the guarded
 * one. The kill switch uses the guarded specification to add a tool back after removing it.
 */
public class ToolRegistry {

	private static final Log logger = LogFactory.getLog(ToolRegistry.class);

	private final Map<String, Method> methods = new ConcurrentHashMap<>();

	private final Map<String, Entry> entries = Collections.synchronizedMap(new LinkedHashMap<>());

	private final Map<String, ToolDescriptor> descriptors = new ConcurrentHashMap<>();

	/**
	 * Remember the Java method behind a tool name. Called while beans are scanned.
	 * @param toolName the tool name
	 * @param method the annotated method
	 */
	void registerMethod(String toolName, Method method) {
		Method previous = this.methods.putIfAbsent(toolName, method);
		if (previous != null && !previous.equals(method)) {
			logger.warn("Two methods declare tool '" + toolName + "': " + previous + " and " + method
					+ "; the guard reads the annotations of the first");
		}
		this.descriptors.computeIfPresent(toolName, (name, old) -> new ToolDescriptor(name, old.tool(), previous != null ? previous : method));
	}

	void register(SyncToolSpecification original, SyncToolSpecification guarded) {
		register(original.tool(), guarded);
	}

	// A tool of a stateless server has no session-bound specification to add back to a running server.
	void register(Tool tool, @Nullable SyncToolSpecification guarded) {
		String name = tool.name();
		this.entries.put(name, new Entry(guarded));
		this.descriptors.put(name, new ToolDescriptor(name, tool, this.methods.get(name)));
	}

	/**
	 * The descriptor of a registered tool.
	 * @param name the tool name
	 * @return the descriptor, or {@code null} for a tool the guard does not know
	 */
	public @Nullable ToolDescriptor descriptor(String name) {
		return this.descriptors.get(name);
	}

	/**
	 * All registered tools, in registration order.
	 * @return the descriptors
	 */
	public Collection<ToolDescriptor> descriptors() {
		synchronized (this.entries) {
			return this.entries.keySet().stream().map(this.descriptors::get).toList();
		}
	}

	/**
	 * The guarded specification of a tool, to add it back to a running server.
	 * @param name the tool name
	 * @return the guarded specification, or {@code null}
	 */
	public @Nullable SyncToolSpecification guardedSpecification(String name) {
		Entry entry = this.entries.get(name);
		return (entry != null) ? entry.guarded() : null;
	}

	void warnAboutToolsWithoutMethod() {
		for (ToolDescriptor descriptor : descriptors()) {
			if (descriptor.method() == null) {
				logger.warn("MCP Guard cannot find the Java method of tool '" + descriptor.name()
						+ "': annotations such as @RequiresRole on it are not seen. Make the object that declares it a Spring bean.");
			}
		}
	}

	private record Entry(@Nullable SyncToolSpecification guarded) {
	}

}
