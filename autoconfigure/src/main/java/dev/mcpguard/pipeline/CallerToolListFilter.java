package dev.mcpguard.pipeline;

import io.modelcontextprotocol.server.McpServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

import dev.mcpguard.pipeline.GuardedToolSpecifications.CallerContext;

/**
 * Filters {@code tools/list} per caller with the same stages as {@code tools/call}, through the list filter that
 * MCP Java SDK 2.1 added. On an older SDK (2.0.0, which Spring AI 2.0's BOM manages) there is no such hook: every
 * authenticated caller then sees every tool in the list, while each call is still guarded. This class is the only
 * one that touches the hook, so that an older SDK never meets it.
 */
public final class CallerToolListFilter {

	private static final Log logger = LogFactory.getLog(CallerToolListFilter.class);

	private static final String LIST_FILTER = "io.modelcontextprotocol.server.McpSyncListFilter";

	private CallerToolListFilter() {
	}

	/**
	 * Whether the MCP SDK on the class path can filter {@code tools/list} per caller.
	 * @return {@code true} from MCP Java SDK 2.1 on
	 */
	public static boolean isSupported() {
		return ClassUtils.isPresent(LIST_FILTER, CallerToolListFilter.class.getClassLoader());
	}

	/**
	 * Add the per-caller filter to a server specification, if the SDK supports it.
	 * @param spec the server specification
	 * @param pipeline the guard pipeline that decides visibility
	 * @param registry the guarded tools
	 * @return whether the filter was added
	 */
	public static boolean apply(McpServer.SyncSpecification<?> spec, GuardPipeline pipeline, ToolRegistry registry) {
		if (!isSupported()) {
			logger.warn("MCP Guard: the MCP Java SDK on the class path has no tools/list filter (it needs 2.1.0 or "
					+ "newer): every authenticated caller sees every tool in tools/list; each tools/call is still guarded");
			return false;
		}
		Hook.apply(spec, pipeline, registry);
		return true;
	}

	// Loaded only on an SDK that has the list filter type.
	private static final class Hook {

		static void apply(McpServer.SyncSpecification<?> spec, GuardPipeline pipeline, ToolRegistry registry) {
			spec.addToolFilter((context, tool) -> {
				ToolDescriptor descriptor = registry.descriptor(tool.name());
				return descriptor != null && pipeline.isVisible(CallerContext.caller(context), descriptor);
			});
		}

	}

}
