package dev.mcpguard.pipeline;

import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mcpguard.annotation.Sensitive;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Removes secrets from tool arguments and texts before anyone outside the call sees them: the audit trail and its
 * log line, and the approvers, webhooks and approval table of the approval layer. One instance serves every layer,
 * so a key configured as sensitive is hidden everywhere alike. It also turns the arguments into capped JSON text.
 * <p>
 * A value is replaced by {@value #MASK} when:
 * <ul>
 * <li>its key, at any depth of nested maps and lists, is a sensitive key: compared lower-cased and without
 * {@code _} and {@code -}, a key matches when it equals or ends with one of the configured keys, so with
 * {@code api_key} configured, {@code apiKey}, {@code API-KEY} and {@code x-api-key} match too (the whole value
 * under the key is replaced, whatever its type);</li>
 * <li>it is the argument of a tool parameter annotated {@link Sensitive} (found once per tool);</li>
 * <li>it is a string that contains something shaped like a credential: {@code Bearer <token>}, an MCP Guard token
 * ({@code mcpg_...}) or a JWT.</li>
 * </ul>
 * Error and refusal texts keep their words, with credential-shaped parts replaced. Thread-safe.
 */
public class ArgumentRedactor {

	/** What a redacted value becomes. */
	public static final String MASK = "***";

	private static final int MAX_DEPTH = 64;

	private static final Pattern CREDENTIAL = Pattern.compile(
			// Bearer <token>, as in an Authorization header
			"(?i:\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,})"
					// tokens issued by MCP Guard
					+ "|\\bmcpg_[A-Za-z0-9_-]{16,}"
					// JWT: a base64url JSON header ("eyJ"), or three long base64url segments
					+ "|\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"
					+ "|\\b[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}");

	private final String[] sensitiveKeys;

	private final int maxArgumentBytes;

	private final JsonMapper json;

	private final Map<String, Set<String>> sensitiveParametersByTool = new ConcurrentHashMap<>();

	/**
	 * Create a redactor.
	 * @param sensitiveKeys keys whose values are always redacted
	 * @param maxArgumentBytes the largest argument JSON kept whole; larger ones are cut
	 * @param json the JSON mapper
	 */
	public ArgumentRedactor(Collection<String> sensitiveKeys, long maxArgumentBytes, JsonMapper json) {
		this.sensitiveKeys = sensitiveKeys.stream()
			.map(ArgumentRedactor::normalize)
			.filter((key) -> !key.isEmpty())
			.distinct()
			.toArray(String[]::new);
		this.maxArgumentBytes = (int) Math.min(Math.max(maxArgumentBytes, 256), Integer.MAX_VALUE / 4);
		this.json = json;
	}

	/**
	 * The redacted arguments of a call as JSON text, cut to the maximum size: a larger value is replaced by
	 * {@code {"truncated":true,"size":<bytes>,"preview":"<start of the redacted JSON>"}}, still valid JSON.
	 * @param tool the called tool, for its {@link Sensitive} parameters
	 * @param arguments the arguments, left unchanged
	 * @return the JSON text
	 */
	public String toJson(@Nullable ToolDescriptor tool, Map<String, Object> arguments) {
		Map<String, @Nullable Object> redacted = redact(arguments, sensitiveParameters(tool));
		String text = write(redacted);
		int bytes = (text.length() * 3L > this.maxArgumentBytes) ? text.getBytes(StandardCharsets.UTF_8).length : 0;
		if (bytes <= this.maxArgumentBytes) {
			return text;
		}
		Map<String, Object> truncated = new LinkedHashMap<>();
		truncated.put("truncated", true);
		truncated.put("size", bytes);
		// a quarter of the limit in characters: escaped again, or not ASCII, a character takes up to three bytes
		int end = Math.min(text.length(), this.maxArgumentBytes / 4);
		if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		truncated.put("preview", text.substring(0, end) + "...");
		return write(truncated);
	}

	/**
	 * A redacted copy of the arguments.
	 * @param arguments the arguments, left unchanged
	 * @param sensitiveParameters names of top-level arguments that are always redacted
	 * @return the copy
	 */
	public Map<String, @Nullable Object> redact(Map<String, ?> arguments, Set<String> sensitiveParameters) {
		Map<String, @Nullable Object> copy = new LinkedHashMap<>();
		for (Map.Entry<String, ?> entry : arguments.entrySet()) {
			String key = String.valueOf(entry.getKey());
			copy.put(key, (sensitiveParameters.contains(key) || isSensitiveKey(key)) ? MASK : redactValue(entry.getValue(), 1));
		}
		return copy;
	}

	/**
	 * Replace the credential-shaped parts of a free text, such as an error message.
	 * @param text the text
	 * @return the text with {@value #MASK} in place of each credential
	 */
	public @Nullable String redactText(@Nullable String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = CREDENTIAL.matcher(text);
		return matcher.find() ? matcher.replaceAll(MASK) : text;
	}

	/**
	 * Whether a key names a secret.
	 * @param key the key
	 * @return {@code true} if it equals or ends with a sensitive key once normalized
	 */
	public boolean isSensitiveKey(String key) {
		String normalized = normalize(key);
		for (String sensitive : this.sensitiveKeys) {
			if (normalized.endsWith(sensitive)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a string contains something shaped like a credential.
	 * @param value the string
	 * @return {@code true} for bearer tokens, MCP Guard tokens and JWTs
	 */
	public static boolean looksLikeCredential(String value) {
		return CREDENTIAL.matcher(value).find();
	}

	/**
	 * The names of a tool's parameters annotated {@link Sensitive}, found once per tool.
	 * @param tool the tool
	 * @return the parameter names
	 */
	public Set<String> sensitiveParameters(@Nullable ToolDescriptor tool) {
		if (tool == null || tool.method() == null) {
			return Set.of();
		}
		return this.sensitiveParametersByTool.computeIfAbsent(tool.name(), (name) -> {
			List<String> names = new ArrayList<>();
			for (Parameter parameter : tool.parameters()) {
				if (parameter.isAnnotationPresent(Sensitive.class)) {
					names.add(parameter.getName());
				}
			}
			return Set.copyOf(names);
		});
	}

	private @Nullable Object redactValue(@Nullable Object value, int depth) {
		if (value instanceof String text) {
			return looksLikeCredential(text) ? MASK : text;
		}
		if (depth > MAX_DEPTH && (value instanceof Map || value instanceof Collection)) {
			return "[nested too deep]";
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> copy = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = String.valueOf(entry.getKey());
				copy.put(key, isSensitiveKey(key) ? MASK : redactValue(entry.getValue(), depth + 1));
			}
			return copy;
		}
		if (value instanceof Collection<?> collection) {
			List<@Nullable Object> copy = new ArrayList<>(collection.size());
			for (Object element : collection) {
				copy.add(redactValue(element, depth + 1));
			}
			return copy;
		}
		if (value == null || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		// anything else (arguments are parsed JSON, so this is rare): its text, checked like a string
		return redactValue(String.valueOf(value), depth);
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			return "{\"unserializable\":\"" + ex.getClass().getSimpleName() + "\"}";
		}
	}

	static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c != '_' && c != '-') {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString();
	}

}
