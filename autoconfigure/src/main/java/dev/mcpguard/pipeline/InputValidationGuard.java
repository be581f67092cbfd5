package dev.mcpguard.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Checks the arguments of a call against the tool's input schema, and that integer arguments fit the integer type
 * of the tool's Java parameter (the schema says "integer" for a {@code Long}, Spring AI's conversion would fail
 * with Jackson's internals as text). The guard switches off the MCP SDK's own check, which runs before any stage,
 * so that a caller who may not use a tool learns nothing of its schema, and so that invalid calls are audited like
 * any other, and refused before rate limits count them and before an approval is asked for.
 */
public class InputValidationGuard implements ToolCallGuard {

	private final JsonSchemaValidator validator;

	// The parameters of each tool, by name, worked out on the tool's first call (and again if it is registered anew).
	private final Map<String, Parameters> parameters = new ConcurrentHashMap<>();

	/**
	 * Create the stage.
	 * @param validator the JSON schema validator
	 */
	public InputValidationGuard(JsonSchemaValidator validator) {
		this.validator = validator;
	}

	@Override
	public GuardDecision check(ToolInvocation invocation) {
		McpSchema.Tool tool = invocation.tool().tool();
		if (tool.inputSchema() == null || tool.inputSchema().isEmpty()) {
			return GuardDecision.proceed();
		}
		JsonSchemaValidator.ValidationResponse response = this.validator.validate(tool.inputSchema(), invocation.arguments());
		if (!response.valid()) {
			return GuardDecision.refuse(Outcome.FAILED, "Invalid arguments for '" + tool.name() + "': " + response.errorMessage());
		}
		String outOfRange = parameters(invocation.tool()).outOfRange(invocation.arguments());
		if (outOfRange != null) {
			return GuardDecision.refuse(Outcome.FAILED, ToolErrorText.invalidArguments(invocation.tool(), outOfRange));
		}
		return GuardDecision.proceed();
	}

	private ToolParameters parameters(ToolDescriptor tool) {
		Parameters known = this.parameters.get(tool.name());
		if (known == null || known.tool() != tool) {
			known = new Parameters(tool, ToolParameters.of(tool));
			this.parameters.put(tool.name(), known);
		}
		return known.parameters();
	}

	private record Parameters(ToolDescriptor tool, ToolParameters parameters) {
	}

	@Override
	public int getOrder() {
		return GuardStage.INPUT_VALIDATION;
	}

}
