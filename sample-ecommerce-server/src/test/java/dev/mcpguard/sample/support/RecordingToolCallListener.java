package dev.mcpguard.sample.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolCallListener;

/**
 * Records every event the guard pipeline publishes, for tests that count outcomes. Register it as a bean in a
 * test configuration.
 */
public class RecordingToolCallListener implements ToolCallListener {

	private final List<ToolCallEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onToolCall(ToolCallEvent event) {
		this.events.add(event);
	}

	/**
	 * The events so far, oldest first.
	 * @return the events
	 */
	public List<ToolCallEvent> events() {
		return this.events;
	}

	/**
	 * Forget the events so far.
	 */
	public void clear() {
		this.events.clear();
	}

	/**
	 * How many calls of a tool ended with each outcome.
	 * @param tool the tool
	 * @return counts by outcome
	 */
	public Map<Outcome, Long> outcomes(String tool) {
		return this.events.stream()
			.filter((event) -> event.invocation().toolName().equals(tool))
			.collect(Collectors.groupingBy(ToolCallEvent::outcome, Collectors.counting()));
	}

	/**
	 * The approval ids of the calls of a tool that ended with an outcome.
	 * @param tool the tool
	 * @param outcome the outcome
	 * @return the approval ids
	 */
	public List<Object> approvalIds(String tool, Outcome outcome) {
		return this.events.stream()
			.filter((event) -> event.invocation().toolName().equals(tool) && event.outcome() == outcome)
			.map((event) -> event.details().get("approvalId"))
			.toList();
	}

	/**
	 * How many calls of a tool about one order ended with an outcome.
	 * @param tool the tool
	 * @param outcome the outcome
	 * @param orderId the {@code orderId} argument
	 * @return the count
	 */
	public long count(String tool, Outcome outcome, long orderId) {
		return this.events.stream()
			.filter((event) -> event.invocation().toolName().equals(tool) && event.outcome() == outcome
					&& event.invocation().arguments().get("orderId") instanceof Number number
					&& number.longValue() == orderId)
			.count();
	}

}
