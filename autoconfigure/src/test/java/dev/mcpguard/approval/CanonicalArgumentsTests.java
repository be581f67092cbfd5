package dev.mcpguard.approval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalArgumentsTests {

	@Test
	void whenKeysComeInAnyOrderThenJsonAndHashAreTheSame() {
		Map<String, Object> first = new LinkedHashMap<>();
		first.put("b", 1);
		first.put("a", Map.of("y", true, "x", "text"));
		Map<String, Object> second = new LinkedHashMap<>();
		second.put("a", new LinkedHashMap<>(Map.of("x", "text", "y", true)));
		second.put("b", 1);
		assertThat(CanonicalArguments.json(first)).isEqualTo("{\"a\":{\"x\":\"text\",\"y\":true},\"b\":1}");
		assertThat(CanonicalArguments.sha256(first)).isEqualTo(CanonicalArguments.sha256(second)).hasSize(64);
	}

	@Test
	void whenNumbersAreEqualThenTheyAreWrittenOneWay() {
		assertThat(List.of(1, 1L, 1.0, 1.0f, new BigDecimal("1.00"), BigInteger.ONE, (short) 1))
			.extracting(CanonicalArguments::json)
			.containsOnly("1");
		assertThat(CanonicalArguments.json(1e3)).isEqualTo("1000");
		assertThat(CanonicalArguments.json(12.50)).isEqualTo("12.5");
		assertThat(CanonicalArguments.json(-0.0)).isEqualTo("0");
		assertThat(CanonicalArguments.json(1e-7)).isEqualTo("0.0000001");
		assertThat(CanonicalArguments.json(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
		assertThat(CanonicalArguments.json(new BigDecimal("12345678901234567890.5"))).isEqualTo("12345678901234567890.5");
		assertThat(CanonicalArguments.sha256(Map.of("total", 1000))).isEqualTo(CanonicalArguments.sha256(Map.of("total", 1000.0)));
	}

	@Test
	void whenValuesDifferThenHashesDiffer() {
		String base = CanonicalArguments.sha256(Map.of("orderId", 1));
		assertThat(CanonicalArguments.sha256(Map.of("orderId", 2))).isNotEqualTo(base);
		assertThat(CanonicalArguments.sha256(Map.of("orderId", "1"))).as("string is not number").isNotEqualTo(base);
		assertThat(CanonicalArguments.sha256(Map.of("orderId", 1.5))).isNotEqualTo(base);
		assertThat(CanonicalArguments.sha256(Map.of("items", List.of(1, 2))))
			.as("array order matters").isNotEqualTo(CanonicalArguments.sha256(Map.of("items", List.of(2, 1))));
		Map<String, Object> withNull = new HashMap<>();
		withNull.put("orderId", 1);
		withNull.put("note", null);
		assertThat(CanonicalArguments.sha256(withNull)).as("null is not absent").isNotEqualTo(base);
	}

	@Test
	void whenStringsHoldSpecialCharactersThenTheyAreEscaped() {
		assertThat(CanonicalArguments.json(Map.of("k\"", "a\\b\n\t\u0001é")))
			.isEqualTo("{\"k\\\"\":\"a\\\\b\\n\\t\\u0001é\"}");
		assertThat(CanonicalArguments.json(Arrays.asList(null, true, "x"))).isEqualTo("[null,true,\"x\"]");
		assertThat(CanonicalArguments.json(new Object[] { 1, "a" })).isEqualTo("[1,\"a\"]");
	}

	@Test
	void keysAreSortedByCodeUnits() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("b", 1);
		map.put("B", 2);
		map.put("a10", 3);
		map.put("a9", 4);
		assertThat(CanonicalArguments.json(map)).isEqualTo("{\"B\":2,\"a10\":3,\"a9\":4,\"b\":1}");
	}

}
