package dev.mcpguard.pipeline;

/**
 * The fixed order of the built-in {@link ToolCallGuard} stages. A custom stage picks an order between them.
 */
public final class GuardStage {

	/** Static expose/deny lists and the runtime kill switch. */
	public static final int AVAILABILITY = 100;

	/** Role checks ({@code @RequiresRole}, default policy). */
	public static final int AUTHORIZATION = 200;

	/** Validation of the arguments against the tool's input schema, once the caller may use the tool. */
	public static final int INPUT_VALIDATION = 250;

	/** Rate limits per tool, session and principal. */
	public static final int RATE_LIMIT = 300;

	/** Human approval ({@code @RequiresApproval}). */
	public static final int APPROVAL = 400;

	private GuardStage() {
	}

}
