package dev.mcpguard.pipeline;

import java.lang.reflect.Modifier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.framework.AopConfigException;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Lets the {@link GuardPipeline} see what the Java method of a tool did: each bean with {@code @McpTool} or
 * {@code @Tool} methods becomes a class proxy whose tool methods pass the {@link ToolMethodInterceptor} first (in
 * an existing proxy, ahead of its other advice, so a failed commit of a {@code @Transactional} tool is seen too).
 * It runs before Spring AI collects the tool beans, so Spring AI calls the tool methods through the proxy.
 * <p>
 * A class that cannot be proxied (final, or not visible to its class loader's proxies) stays as it is: its tools
 * still pass the guard, but their exceptions cannot be told apart, so each failure reaches the caller as a
 * reference (see {@link dev.mcpguard.annotation.ShownToCaller}).
 */
public class GuardedToolMethods extends AbstractAdvisingBeanPostProcessor {

	private static final Log logger = LogFactory.getLog(GuardedToolMethods.class);

	/**
	 * Create the post-processor.
	 */
	public GuardedToolMethods() {
		this.advisor = new DefaultPointcutAdvisor(
				new ComposablePointcut(new AnnotationMatchingPointcut(null, McpTool.class, true))
					.union(new AnnotationMatchingPointcut(null, Tool.class, true)),
				new ToolMethodInterceptor());
		this.beforeExistingAdvisors = true;
		// Spring AI invokes the tool method of the target class on the bean, which only a class proxy accepts.
		setProxyTargetClass(true);
	}

	@Override
	protected boolean isEligible(Class<?> targetClass) {
		if (!super.isEligible(targetClass)) {
			return false;
		}
		if (Modifier.isFinal(targetClass.getModifiers())) {
			warnUnobserved(targetClass, "a final class");
			return false;
		}
		return true;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		try {
			return super.postProcessAfterInitialization(bean, beanName);
		}
		catch (AopConfigException ex) {
			// Never stop the start for it: the tools stay guarded, only their error texts are all references.
			warnUnobserved(bean.getClass(), ex.getMessage());
			return bean;
		}
	}

	private static void warnUnobserved(Class<?> type, String why) {
		logger.warn("MCP Guard cannot observe the tool methods of " + type.getName() + " (" + why + "): every failure "
				+ "of its tools reaches the caller as a reference, whatever the exception");
	}

}
