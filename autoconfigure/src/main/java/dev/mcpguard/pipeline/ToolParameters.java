package dev.mcpguard.pipeline;

import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.util.JsonHelper;

/**
 * The parameters of a tool's Java method that take the call's arguments (those named in its input schema), and
 * whether a call's arguments can be bound to them. A JSON schema says "integer" where the Java parameter is a
 * {@code Long}, so a valid call can still carry an argument Spring AI cannot convert; its error text would then
 * reach the caller with Java and Jackson internals. This class says instead, in the caller's terms, what the
 * argument must be.
 */
final class ToolParameters {

	private static final JsonHelper json = new JsonHelper();

	private final List<Bound> parameters;

	private final List<Bound> integers;

	private ToolParameters(List<Bound> parameters) {
		this.parameters = parameters;
		this.integers = parameters.stream().filter((parameter) -> parameter.min() <= parameter.max()).toList();
	}

	/**
	 * The parameters of a tool.
	 * @param tool the tool
	 * @return its parameters bound from arguments, none when its method is unknown or compiled without names
	 */
	static ToolParameters of(ToolDescriptor tool) {
		Map<String, Object> schema = tool.tool().inputSchema();
		Object properties = (schema != null) ? schema.get("properties") : null;
		List<Bound> bound = new ArrayList<>();
		for (Parameter parameter : tool.parameters()) {
			if (parameter.isNamePresent() && properties instanceof Map<?, ?> named && named.containsKey(parameter.getName())) {
				bound.add(Bound.of(parameter));
			}
		}
		return new ToolParameters(List.copyOf(bound));
	}

	/**
	 * The first integer argument out of its parameter's range: a cheap check for every call.
	 * @param arguments the call's arguments
	 * @return what the argument must be, for example {@code orderId must be an integer from -128 to 127}, or
	 * {@code null} if all are in range
	 */
	@Nullable String outOfRange(Map<String, Object> arguments) {
		for (Bound parameter : this.integers) {
			if (arguments.get(parameter.name()) instanceof Number number && !parameter.accepts(number)) {
				return parameter.rule();
			}
		}
		return null;
	}

	/**
	 * The first argument that cannot be converted to its parameter's type, as Spring AI converts it: for a call
	 * that failed, to tell the caller why.
	 * @param arguments the call's arguments
	 * @return what the argument must be, or {@code null} if every argument converts
	 */
	@Nullable String unconvertible(Map<String, Object> arguments) {
		String outOfRange = outOfRange(arguments);
		if (outOfRange != null) {
			return outOfRange;
		}
		for (Bound parameter : this.parameters) {
			Object value = arguments.get(parameter.name());
			if (value != null && !converts(value, parameter.type())) {
				return parameter.name() + " must match the tool's input schema";
			}
		}
		return null;
	}

	private static boolean converts(Object value, Type type) {
		try {
			if (type instanceof Class<?> target) {
				json.convertToTypedObject(value, target);
			}
			else {
				json.fromJson(json.toJson(value), type);
			}
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A parameter bound from the argument of the same name, with the range of an integer type (empty, min above
	 * max, for other types).
	 */
	private record Bound(String name, Type type, long min, long max) {

		static Bound of(Parameter parameter) {
			Class<?> type = parameter.getType();
			if (type == long.class || type == Long.class) {
				return new Bound(parameter.getName(), parameter.getParameterizedType(), Long.MIN_VALUE, Long.MAX_VALUE);
			}
			if (type == int.class || type == Integer.class) {
				return new Bound(parameter.getName(), parameter.getParameterizedType(), Integer.MIN_VALUE, Integer.MAX_VALUE);
			}
			if (type == short.class || type == Short.class) {
				return new Bound(parameter.getName(), parameter.getParameterizedType(), Short.MIN_VALUE, Short.MAX_VALUE);
			}
			if (type == byte.class || type == Byte.class) {
				return new Bound(parameter.getName(), parameter.getParameterizedType(), Byte.MIN_VALUE, Byte.MAX_VALUE);
			}
			return new Bound(parameter.getName(), parameter.getParameterizedType(), 1, 0);
		}

		boolean accepts(Number number) {
			if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
				return number.longValue() >= this.min && number.longValue() <= this.max;
			}
			if (number instanceof BigInteger big) {
				return big.bitLength() < 64 && big.longValue() >= this.min && big.longValue() <= this.max;
			}
			if (number instanceof BigDecimal decimal) {
				try {
					long value = decimal.longValueExact();
					return value >= this.min && value <= this.max;
				}
				catch (ArithmeticException ex) {
					return false;
				}
			}
			double value = number.doubleValue();
			return Math.rint(value) == value && value >= -0x1p63 && value < 0x1p63 && (long) value >= this.min
					&& (long) value <= this.max;
		}

		String rule() {
			return this.name + " must be an integer from " + this.min + " to " + this.max;
		}

	}

}
