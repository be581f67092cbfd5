package dev.mcpguard.pipeline;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Records in the current {@link ToolMethodCall} whether the tool's Java method returned or what it threw, and
 * changes nothing: the result and the exception go on to Spring AI as before.
 */
final class ToolMethodInterceptor implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		ToolMethodCall call = ToolMethodCall.enter();
		if (call == null) {
			return invocation.proceed();
		}
		try {
			Object result = invocation.proceed();
			call.returned();
			return result;
		}
		catch (Throwable ex) {
			call.threw(ex);
			throw ex;
		}
	}

}
