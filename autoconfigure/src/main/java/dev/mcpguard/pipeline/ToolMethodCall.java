package dev.mcpguard.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * What the Java method of the tool being called did, recorded on the calling thread by the
 * {@link ToolMethodInterceptor} while the {@link GuardPipeline} runs the tool: whether it returned or what it threw.
 * Spring AI turns a tool's exception into an error result before the pipeline sees it; this record keeps the
 * exception itself, so the pipeline knows who wrote the error text. Neither returned nor thrown means the method
 * was not entered: Spring AI could not bind the arguments to its parameters.
 */
final class ToolMethodCall {

	private static final ThreadLocal<ToolMethodCall> CURRENT = new ThreadLocal<>();

	private final @Nullable ToolMethodCall previous;

	private boolean entered;

	private boolean returned;

	private @Nullable Throwable thrown;

	private ToolMethodCall(@Nullable ToolMethodCall previous) {
		this.previous = previous;
	}

	/**
	 * Start recording for a tool call on this thread.
	 * @return the record, to {@link #end()} once the tool has run
	 */
	static ToolMethodCall start() {
		ToolMethodCall call = new ToolMethodCall(CURRENT.get());
		CURRENT.set(call);
		return call;
	}

	/**
	 * Stop recording; a call that started before this one records again.
	 */
	void end() {
		if (this.previous != null) {
			CURRENT.set(this.previous);
		}
		else {
			CURRENT.remove();
		}
	}

	/**
	 * The record of the tool call running on this thread, if any, for the first tool method it enters.
	 * @return the record, or {@code null} outside a guarded call and once a tool method was entered (a tool method
	 * that calls another records nothing more)
	 */
	static @Nullable ToolMethodCall enter() {
		ToolMethodCall call = CURRENT.get();
		if (call == null || call.entered) {
			return null;
		}
		call.entered = true;
		return call;
	}

	void returned() {
		this.returned = true;
	}

	void threw(Throwable ex) {
		this.thrown = ex;
	}

	boolean hasReturned() {
		return this.returned;
	}

	@Nullable Throwable thrown() {
		return this.thrown;
	}

	boolean wasEntered() {
		return this.entered;
	}

}
