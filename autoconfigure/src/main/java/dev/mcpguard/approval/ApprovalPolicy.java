package dev.mcpguard.approval;

import java.util.Map;

import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.ToolDescriptor;

/**
 * Decides in code whether a call needs a human decision, for rules an annotation cannot express (say, an order
 * total computed from current prices). Every {@code ApprovalPolicy} bean is asked in order
 * ({@link org.springframework.core.Ordered}/{@code @Order}); the first answer other than {@link Decision#ABSTAIN}
 * wins; when all abstain, the tool's {@link dev.mcpguard.annotation.RequiresApproval @RequiresApproval} decides.
 * <p>
 * Policies run on the request thread of every {@code tools/call}: return {@link Decision#ABSTAIN} quickly for
 * tools the policy does not cover.
 */
@FunctionalInterface
public interface ApprovalPolicy {

	/**
	 * Decide about one call.
	 * @param caller the authenticated caller
	 * @param tool the called tool
	 * @param arguments the call's arguments, JSON-decoded (never modify them)
	 * @return the decision
	 */
	Decision decide(Caller caller, ToolDescriptor tool, Map<String, Object> arguments);

	/**
	 * What a policy decides.
	 */
	enum Decision {

		/** Run the call without asking a human. */
		APPROVE,

		/** Refuse the call ({@code APPROVAL_DENIED}) without asking a human. */
		DENY,

		/** The call needs a human decision. */
		ASK_HUMAN,

		/** No opinion: ask the next policy, and finally the tool's annotation. */
		ABSTAIN

	}

}
