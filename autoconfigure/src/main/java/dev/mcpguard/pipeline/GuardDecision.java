package dev.mcpguard.pipeline;

import java.util.Map;

/**
 * What a {@link ToolCallGuard} decides about one {@code tools/call}: let it go on to the next stage, or refuse it
 * with an {@link Outcome} and a message that tells the caller what happened and what to do.
 */
public sealed interface GuardDecision permits GuardDecision.Proceed, GuardDecision.Refusal {

	/**
	 * Let the call go on. Shared instance, so a passing stage allocates nothing.
	 * @return the proceed decision
	 */
	static GuardDecision proceed() {
		return Proceed.INSTANCE;
	}

	/**
	 * Refuse the call.
	 * @param outcome the outcome to record
	 * @param message the text returned to the client as an {@code isError} tool result
	 * @return the refusal
	 */
	static Refusal refuse(Outcome outcome, String message) {
		return new Refusal(outcome, message, Map.of());
	}

	/**
	 * Decision to let the call go on to the next stage.
	 */
	final class Proceed implements GuardDecision {

		private static final Proceed INSTANCE = new Proceed();

		private Proceed() {
		}

		@Override
		public String toString() {
			return "Proceed";
		}

	}

	/**
	 * Decision to refuse the call.
	 *
	 * @param outcome the outcome to record, never {@link Outcome#OK}
	 * @param message the text returned to the client
	 * @param details extra facts for the audit trail, for example {@code approvalId}
	 */
	record Refusal(Outcome outcome, String message, Map<String, Object> details) implements GuardDecision {

		public Refusal {
			if (outcome == Outcome.OK) {
				throw new IllegalArgumentException("A refusal cannot have outcome OK");
			}
			details = Map.copyOf(details);
		}

		/**
		 * A copy of this refusal with one more detail.
		 * @param key the detail name
		 * @param value the detail value
		 * @return a new refusal
		 */
		public Refusal withDetail(String key, Object value) {
			Map<String, Object> copy = new java.util.HashMap<>(this.details);
			copy.put(key, value);
			return new Refusal(this.outcome, this.message, copy);
		}

	}

}
