package dev.mcpguard.pipeline;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Checks the arguments of a call against the tool's input schema. The guard switches off the MCP SDK's own check,
 * which runs before any stage, so that a caller who may not use a tool learns nothing of its schema, and so that
 * invalid calls are audited like any other.
 */
public class InputValidationGuard implements ToolCallGuard {

	private final JsonSchemaValidator validator;

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
		if (response.valid()) {
			return GuardDecision.proceed();
		}
		return GuardDecision.refuse(Outcome.FAILED, "Invalid arguments for '" + tool.name() + "': " + response.errorMessage());
	}

	@Override
	public int getOrder() {
		return GuardStage.INPUT_VALIDATION;
	}

}
