package dev.mcpguard.pipeline;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ToolParametersTests {

	private final ToolParameters parameters = ToolParameters.of(descriptor());

	@Test
	void whenIntegersFitTheirJavaTypesThenNothingIsOutOfRange() {
		assertThat(this.parameters.outOfRange(Map.of("id", Long.MAX_VALUE, "count", Integer.MIN_VALUE, "small", 127,
				"tiny", -32768))).isNull();
		assertThat(this.parameters.outOfRange(Map.of("id", new BigInteger("9223372036854775807"), "count", 1.0,
				"small", new BigDecimal("12.000")))).isNull();
		assertThat(this.parameters.outOfRange(Map.of("label", new BigInteger("99999999999999999999")))).as("not an integer parameter")
			.isNull();
	}

	@Test
	void whenAnIntegerDoesNotFitItsJavaTypeThenTheRangeIsNamed() {
		assertThat(this.parameters.outOfRange(Map.of("id", new BigInteger("123456789012345678901234567890"))))
			.isEqualTo("id must be an integer from -9223372036854775808 to 9223372036854775807");
		assertThat(this.parameters.outOfRange(Map.of("count", 2_147_483_648L)))
			.isEqualTo("count must be an integer from -2147483648 to 2147483647");
		assertThat(this.parameters.outOfRange(Map.of("small", 128))).isEqualTo("small must be an integer from -128 to 127");
		assertThat(this.parameters.outOfRange(Map.of("tiny", -32769))).isEqualTo("tiny must be an integer from -32768 to 32767");
		assertThat(this.parameters.outOfRange(Map.of("id", 1e30))).startsWith("id must be");
		assertThat(this.parameters.outOfRange(Map.of("id", 0x1p63))).startsWith("id must be");
		assertThat(this.parameters.outOfRange(Map.of("count", 1.5))).startsWith("count must be");
		assertThat(this.parameters.outOfRange(Map.of("id", new BigDecimal("1.5")))).startsWith("id must be");
	}

	@Test
	void whenAnArgumentDoesNotConvertToItsTypeThenItIsNamed() {
		assertThat(this.parameters.unconvertible(Map.of("line", Map.of("quantity", "many"))))
			.isEqualTo("line must match the tool's input schema");
		assertThat(this.parameters.unconvertible(Map.of("lines", List.of(Map.of("quantity", new BigInteger("99999999999"))))))
			.isEqualTo("lines must match the tool's input schema");
		assertThat(this.parameters.unconvertible(Map.of("line", Map.of("quantity", 3), "lines", List.of(), "id", 7))).isNull();
	}

	@Test
	void whenTheMethodIsUnknownThenNothingIsChecked() {
		ToolDescriptor handwritten = new ToolDescriptor("raw", McpSchema.Tool.builder("raw", schema()).build(), null);
		assertThat(ToolParameters.of(handwritten).unconvertible(Map.of("id", new BigInteger("123456789012345678901234567890"))))
			.isNull();
	}

	private static ToolDescriptor descriptor() {
		return new ToolDescriptor("t", McpSchema.Tool.builder("t", schema()).build(),
				ReflectionUtils.findMethod(Tools.class, "t", (Class<?>[]) null));
	}

	private static Map<String, Object> schema() {
		Map<String, Object> integer = Map.of("type", "integer");
		return Map.of("type", "object", "properties", Map.of("id", integer, "count", integer, "small", integer, "tiny", integer,
				"label", Map.of("type", "string"), "line", Map.of("type", "object"), "lines", Map.of("type", "array")));
	}

	static class Tools {

		public String t(Long id, int count, Byte small, short tiny, String label, Line line, List<Line> lines, Object exchange) {
			return "";
		}

	}

	record Line(Integer quantity) {
	}

}
