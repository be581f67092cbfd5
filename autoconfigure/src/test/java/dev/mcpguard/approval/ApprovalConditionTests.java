package dev.mcpguard.approval;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.expression.EvaluationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApprovalConditionTests {

	private static final Set<String> PARAMETERS = Set.of("total", "items", "order", "note", "customerId");

	@Test
	void whenNumberComparedThenJsonIntegersLongsAndDoublesWork() {
		ApprovalCondition condition = parse("#total > 1000");
		assertThat(condition.evaluate(Map.of("total", 1001))).isEqualTo(true);
		assertThat(condition.evaluate(Map.of("total", 5_000_000_000L))).isEqualTo(true);
		assertThat(condition.evaluate(Map.of("total", 999.99))).isEqualTo(false);
		assertThat(condition.matches(Map.of("total", 1000))).isFalse();
		assertThat(condition.matches(Map.of("total", 1000.5))).isTrue();
	}

	@Test
	void whenListMethodCalledThenItEvaluates() {
		ApprovalCondition condition = parse("#items.size() > 3");
		assertThat(condition.evaluate(Map.of("items", List.of(1, 2, 3, 4)))).isEqualTo(true);
		assertThat(condition.evaluate(Map.of("items", List.of(1, 2)))).isEqualTo(false);
	}

	@Test
	void whenObjectsInListThenPropertiesIndexingSelectionAndProjectionWork() {
		List<Map<String, Object>> items = List.of(Map.of("productId", 1, "quantity", 2),
				Map.of("productId", 2, "quantity", 50));
		Map<String, Object> arguments = Map.of("items", items, "order", Map.of("total", 1200.5));
		assertThat(parse("#items[1].quantity >= 50").evaluate(arguments)).isEqualTo(true);
		assertThat(parse("#items[0]['quantity'] == 2").evaluate(arguments)).isEqualTo(true);
		assertThat(parse("#items.?[quantity > 10].size() > 0").evaluate(arguments)).isEqualTo(true);
		assertThat(parse("#items.![quantity].contains(50)").evaluate(arguments)).isEqualTo(true);
		assertThat(parse("#order.total > 1000 and #order['total'] < 2000").evaluate(arguments)).isEqualTo(true);
	}

	@Test
	void whenSumAndCountFunctionsUsedThenTheyAddUpAndCount() {
		List<Map<String, Object>> items = List.of(Map.of("productId", 1, "quantity", 60),
				Map.of("productId", 2, "quantity", 41.5), Map.of("productId", 3));
		assertThat(parse("#sum(#items, 'quantity') > 100").evaluate(Map.of("items", items))).isEqualTo(true);
		assertThat(parse("#sum(#items, 'quantity') > 102").evaluate(Map.of("items", items))).isEqualTo(false);
		assertThat(parse("#sum(#items, '') == 6").evaluate(Map.of("items", List.of(1, 2, 3)))).isEqualTo(true);
		assertThat(parse("#count(#items) == 3").evaluate(Map.of("items", items))).isEqualTo(true);
		assertThat(parse("#count(#items) == 0").evaluate(Map.of())).isEqualTo(true);
	}

	@Test
	void whenArgumentMissingThenSafeNavigationAvoidsTheError() {
		assertThat(parse("#items?.size() > 3").evaluate(Map.of())).isEqualTo(false);
		assertThat(parse("#note != null and #note.length() > 10").evaluate(Map.of("note", "short"))).isEqualTo(false);
	}

	@Test
	void whenConditionCannotBeEvaluatedThenTheCallNeedsApproval() {
		ApprovalCondition condition = parse("#items.size() > 3");
		assertThatExceptionOfType(EvaluationException.class).isThrownBy(() -> condition.evaluate(Map.of()));
		assertThat(condition.matches(Map.of())).isTrue();
		assertThat(parse("#customerId").matches(Map.of("customerId", 7))).as("not a boolean").isTrue();
		assertThat(parse("#customerId == 7").matches(Map.of("customerId", 7))).isTrue();
		assertThat(parse("#customerId == 7").matches(Map.of("customerId", 8))).isFalse();
	}

	@Test
	void whenExpressionReachesForTypesConstructorsBeansOrAssignmentThenItIsRefused() {
		Map<String, Object> arguments = Map.of("note", "x", "total", 1);
		assertThatExceptionOfType(EvaluationException.class)
			.isThrownBy(() -> parse("T(java.lang.Runtime).getRuntime() != null").evaluate(arguments));
		assertThatExceptionOfType(EvaluationException.class)
			.isThrownBy(() -> parse("new java.io.File('/tmp') != null").evaluate(arguments));
		assertThatExceptionOfType(EvaluationException.class)
			.isThrownBy(() -> parse("@someBean != null").evaluate(arguments));
		assertThatExceptionOfType(EvaluationException.class)
			.isThrownBy(() -> parse("(#total = 5) > 1").evaluate(arguments));
		assertThatExceptionOfType(EvaluationException.class)
			.isThrownBy(() -> parse("#note.getClass() != null").evaluate(arguments));
		assertThat(parse("T(java.lang.Runtime).getRuntime() == null").matches(arguments)).as("fails closed").isTrue();
	}

	@Test
	void whenExpressionIsMalformedThenParseFailsNamingTheTool() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApprovalCondition.parse("create_order", "#total >", PARAMETERS))
			.withMessageContaining("tool 'create_order'")
			.withMessageContaining("#total >");
	}

	@Test
	void whenExpressionReadsAnUnknownVariableThenParseFailsListingTheParameters() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApprovalCondition.parse("create_order", "#totl > 1000 or #itemz.size() > 3", PARAMETERS))
			.withMessageContaining("tool 'create_order'")
			.withMessageContaining("unknown variables #itemz, #totl")
			.withMessageContaining("customerId, items, note, order, total");
	}

	private static ApprovalCondition parse(String expression) {
		return ApprovalCondition.parse("test_tool", expression, PARAMETERS);
	}

}
