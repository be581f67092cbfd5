package dev.mcpguard.pipeline;

import org.junit.jupiter.api.Test;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class GuardedToolMethodsTests {

	private final GuardedToolMethods postProcessor = new GuardedToolMethods();

	@Test
	void whenABeanHasToolMethodsOfEitherStyleThenItBecomesAClassProxy() {
		assertThat(this.postProcessor.postProcessAfterInitialization(new McpTools(), "mcpTools")).isInstanceOf(McpTools.class)
			.matches(AopUtils::isCglibProxy);
		assertThat(this.postProcessor.postProcessAfterInitialization(new CommandTools(), "commandTools"))
			.isInstanceOf(CommandTools.class)
			.matches(AopUtils::isCglibProxy);
	}

	@Test
	void whenABeanHasNoToolMethodsOrIsFinalThenItStaysAsItIs() {
		Object plain = new Object();
		assertThat(this.postProcessor.postProcessAfterInitialization(plain, "plain")).isSameAs(plain);
		FinalTools finalTools = new FinalTools();
		assertThat(this.postProcessor.postProcessAfterInitialization(finalTools, "finalTools")).isSameAs(finalTools);
	}

	@Test
	void whenTheToolMethodRunsInAGuardedCallThenWhatItDidIsRecordedAndNothingElseChanges() {
		CommandTools tools = (CommandTools) this.postProcessor.postProcessAfterInitialization(new CommandTools(), "commandTools");
		ToolMethodCall call = ToolMethodCall.start();
		try {
			assertThatIllegalStateException().isThrownBy(() -> tools.fail("x")).withMessage("x");
			assertThat(call.wasEntered()).isTrue();
			assertThat(call.thrown()).isInstanceOf(IllegalStateException.class);
			assertThat(call.hasReturned()).isFalse();
		}
		finally {
			call.end();
		}
		ToolMethodCall next = ToolMethodCall.start();
		try {
			assertThat(tools.echo("y")).isEqualTo("y");
			assertThat(next.hasReturned()).isTrue();
			assertThat(next.thrown()).isNull();
		}
		finally {
			next.end();
		}
		assertThat(tools.echo("outside a call")).isEqualTo("outside a call");
	}

	@Test
	void whenTheBeanIsAlreadyAProxyThenTheRecordingComesFirst() {
		ProxyFactory factory = new ProxyFactory(new CommandTools());
		factory.setProxyTargetClass(true);
		factory.addAdvice((org.aopalliance.intercept.MethodInterceptor) (invocation) -> {
			throw new IllegalStateException("commit failed");
		});
		CommandTools tools = (CommandTools) this.postProcessor.postProcessAfterInitialization(factory.getProxy(), "commandTools");
		ToolMethodCall call = ToolMethodCall.start();
		try {
			assertThatIllegalStateException().isThrownBy(() -> tools.echo("z")).withMessage("commit failed");
			assertThat(call.thrown()).hasMessage("commit failed");
		}
		finally {
			call.end();
		}
	}

	static class McpTools {

		@McpTool(name = "echo_mcp")
		public String echo(String text) {
			return text;
		}

	}

	static class CommandTools {

		@Tool(name = "echo_tool")
		public String echo(String text) {
			return text;
		}

		@Tool(name = "fail_tool")
		public String fail(String text) {
			throw new IllegalStateException(text);
		}

	}

	static final class FinalTools {

		@Tool(name = "final_tool")
		public String echo(String text) {
			return text;
		}

	}

}
