package dev.mcpguard.pipeline;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.support.ToolUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Puts every tool of both styles behind the {@link GuardPipeline}: Spring AI turns {@code @McpTool} beans and
 * {@code @Tool} callbacks into {@code List<SyncToolSpecification>} beans (stateless servers:
 * {@code List<McpStatelessServerFeatures.SyncToolSpecification>}), and this post-processor replaces each
 * specification's call handler by one that runs the pipeline first. It also indexes the Java method of each tool
 * so the layers can read their annotations.
 */
public class GuardedToolSpecifications implements BeanPostProcessor, SmartInitializingSingleton {

	private final ObjectProvider<GuardPipeline> pipelineProvider;

	private final ToolRegistry registry;

	private volatile @Nullable GuardPipeline pipeline;

	/**
	 * Create the post-processor.
	 * @param pipelineProvider the pipeline, resolved on first call so that post-processing starts no layer early
	 * @param registry the registry of guarded tools
	 */
	public GuardedToolSpecifications(ObjectProvider<GuardPipeline> pipelineProvider, ToolRegistry registry) {
		this.pipelineProvider = pipelineProvider;
		this.registry = registry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		indexToolMethods(bean);
		if (bean instanceof List<?> list && isListOf(list, SyncToolSpecification.class)) {
			List<SyncToolSpecification> guarded = new ArrayList<>(list.size());
			for (Object element : list) {
				guarded.add(guard((SyncToolSpecification) element));
			}
			return guarded;
		}
		if (bean instanceof List<?> list && isListOf(list, McpStatelessServerFeatures.SyncToolSpecification.class)) {
			List<McpStatelessServerFeatures.SyncToolSpecification> guarded = new ArrayList<>(list.size());
			for (Object element : list) {
				guarded.add(guard((McpStatelessServerFeatures.SyncToolSpecification) element));
			}
			return guarded;
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.registry.warnAboutToolsWithoutMethod();
	}

	/**
	 * Wrap one tool specification. Use it for tools added to a running server by hand, so they pass the guard too.
	 * @param original the specification to guard
	 * @return a specification with the same tool whose handler runs the guard pipeline first
	 */
	public SyncToolSpecification guard(SyncToolSpecification original) {
		String name = original.tool().name();
		SyncToolSpecification existing = this.registry.guardedSpecification(name);
		if (existing != null && existing.callHandler() == original.callHandler()) {
			return existing;
		}
		BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> delegate = original.callHandler();
		SyncToolSpecification guarded = new SyncToolSpecification(original.tool(), (exchange, request) -> {
			ToolDescriptor descriptor = this.registry.descriptor(name);
			Caller caller = CallerContext.caller(exchange.transportContext());
			return pipeline().call(descriptor, caller, exchange, request, delegate);
		});
		this.registry.register(original, guarded);
		return guarded;
	}

	/**
	 * Wrap one tool specification of a stateless server ({@code spring.ai.mcp.server.protocol=STATELESS}): the
	 * same pipeline, with no session and no exchange to talk back to the client.
	 * @param original the specification to guard
	 * @return a specification with the same tool whose handler runs the guard pipeline first
	 */
	public McpStatelessServerFeatures.SyncToolSpecification guard(McpStatelessServerFeatures.SyncToolSpecification original) {
		String name = original.tool().name();
		var handler = original.callHandler();
		this.registry.register(original.tool(), null);
		return new McpStatelessServerFeatures.SyncToolSpecification(original.tool(), (context, request) -> pipeline().call(
				this.registry.descriptor(name), CallerContext.caller(context), null, request,
				(exchange, arguments) -> handler.apply(context, arguments)));
	}

	private GuardPipeline pipeline() {
		GuardPipeline current = this.pipeline;
		if (current == null) {
			current = this.pipelineProvider.getObject();
			this.pipeline = current;
		}
		return current;
	}

	private static boolean isListOf(List<?> list, Class<?> type) {
		if (list.isEmpty()) {
			return false;
		}
		for (Object element : list) {
			if (!type.isInstance(element)) {
				return false;
			}
		}
		return true;
	}

	private void indexToolMethods(Object bean) {
		Class<?> type = AopUtils.getTargetClass(bean);
		String typeName = type.getName();
		if (typeName.startsWith("org.springframework.") || typeName.startsWith("java.")) {
			return;
		}
		ReflectionUtils.doWithMethods(type, method -> this.registry.registerMethod(toolName(method), method),
				GuardedToolSpecifications::isToolMethod);
	}

	private static boolean isToolMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, McpTool.class)
				|| AnnotatedElementUtils.hasAnnotation(method, Tool.class);
	}

	private static String toolName(Method method) {
		McpTool mcpTool = AnnotatedElementUtils.findMergedAnnotation(method, McpTool.class);
		if (mcpTool != null) {
			return StringUtils.hasText(mcpTool.name()) ? mcpTool.name() : method.getName();
		}
		return ToolUtils.getToolName(method);
	}

	/**
	 * Reads the {@link Caller} that the guard's transport put into the {@link McpTransportContext}.
	 */
	public static final class CallerContext {

		/** Key of the caller in the MCP transport context. */
		public static final String KEY = Caller.class.getName();

		private CallerContext() {
		}

		/**
		 * The caller of a request.
		 * @param context the transport context of the request
		 * @return the caller, or {@link Caller#ANONYMOUS} when none was recorded
		 */
		public static Caller caller(@Nullable McpTransportContext context) {
			Object caller = (context != null) ? context.get(KEY) : null;
			return (caller instanceof Caller found) ? found : Caller.ANONYMOUS;
		}

	}

}
