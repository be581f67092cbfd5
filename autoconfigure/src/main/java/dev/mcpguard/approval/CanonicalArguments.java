package dev.mcpguard.approval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.mcpguard.auth.TokenHashes;
import org.jspecify.annotations.Nullable;

/**
 * A canonical JSON form of tool arguments and its SHA-256, which binds an approval to exactly the arguments that
 * were approved. Object keys are sorted (by UTF-16 code units, as in RFC 8785), arrays keep their order, and
 * numbers are written in one form whatever their Java type: {@code 1}, {@code 1L}, {@code 1.0} and
 * {@code 1.00} all become {@code 1}, and {@code 1e3} becomes {@code 1000}. Strings are JSON-escaped.
 */
public final class CanonicalArguments {

	private CanonicalArguments() {
	}

	/**
	 * The SHA-256 of the canonical JSON of the arguments.
	 * @param arguments the JSON-decoded arguments
	 * @return 64 lower-case hex digits
	 */
	public static String sha256(Map<String, ?> arguments) {
		return TokenHashes.sha256Hex(json(arguments));
	}

	/**
	 * The canonical JSON of a JSON-decoded value.
	 * @param value a map, collection, array, string, number, boolean or {@code null}
	 * @return the canonical JSON text
	 */
	public static String json(@Nullable Object value) {
		StringBuilder out = new StringBuilder(64);
		write(out, value);
		return out.toString();
	}

	private static void write(StringBuilder out, @Nullable Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			writeObject(out, map);
		}
		else if (value instanceof Collection<?> collection) {
			writeArray(out, collection);
		}
		else if (value instanceof Object[] array) {
			writeArray(out, List.of(array));
		}
		else if (value instanceof Boolean) {
			out.append(value);
		}
		else if (value instanceof Number number) {
			out.append(number(number));
		}
		else {
			writeString(out, value.toString());
		}
	}

	private static void writeObject(StringBuilder out, Map<?, ?> map) {
		List<Map.Entry<String, @Nullable Object>> entries = new ArrayList<>(map.size());
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			entries.add(new AbstractMap.SimpleImmutableEntry<>(String.valueOf(entry.getKey()), entry.getValue()));
		}
		entries.sort(Map.Entry.comparingByKey());
		out.append('{');
		for (int i = 0; i < entries.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			writeString(out, entries.get(i).getKey());
			out.append(':');
			write(out, entries.get(i).getValue());
		}
		out.append('}');
	}

	private static void writeArray(StringBuilder out, Collection<?> values) {
		out.append('[');
		boolean first = true;
		for (Object element : values) {
			if (!first) {
				out.append(',');
			}
			write(out, element);
			first = false;
		}
		out.append(']');
	}

	static String number(Number number) {
		BigDecimal decimal;
		if (number instanceof BigDecimal big) {
			decimal = big;
		}
		else if (number instanceof BigInteger big) {
			decimal = new BigDecimal(big);
		}
		else if (number instanceof Double || number instanceof Float) {
			double value = number.doubleValue();
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				// not JSON numbers: keep them apart from every finite number
				return "\"" + value + "\"";
			}
			decimal = new BigDecimal(Double.toString(value));
		}
		else {
			return Long.toString(number.longValue());
		}
		if (decimal.signum() == 0) {
			return "0";
		}
		return decimal.stripTrailingZeros().toPlainString();
	}

	private static void writeString(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
