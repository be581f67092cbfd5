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

import dev.mcpguard.annotation.Sensitive;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Removes secrets from tool arguments and texts before anyone outside the call sees them: the audit trail and its
 * log line, and the approvers, webhooks and approval table of the approval layer. One instance serves every layer,
 * so a key configured as sensitive is hidden everywhere alike. It also turns the arguments into capped JSON text.
 * <p>
 * The whole value under a key is replaced by {@value #MASK} (whatever its type) when:
 * <ul>
 * <li>its key, at any depth of nested maps and lists, names a secret. Keys are compared lower-cased and without
 * {@code _}, {@code -} and {@code .}; always sensitive is a key that contains {@code secret}, {@code password},
 * {@code passwd}, {@code pwd}, {@code token}, {@code apikey}, {@code privatekey}, {@code credential},
 * {@code cookie}, {@code passphrase} or {@code authorization}, or that is {@code auth}; a configured key matches
 * a key that equals or ends with it (with {@code ssn} configured, {@code customer_ssn} matches too);</li>
 * <li>it is the argument of a tool parameter annotated {@link Sensitive} (found once per tool).</li>
 * </ul>
 * In every other string, and in error and refusal texts, only the credentials are masked and the other words kept:
 * provider keys, {@code Bearer} and {@code Basic} credentials, JWTs, PEM private keys, URL passwords, and the
 * server's own tokens ({@link KnownSecrets}). Thread-safe.
 */
public class ArgumentRedactor {

	/** What a redacted value becomes. */
	public static final String MASK = "***";

	private static final int MAX_DEPTH = 64;

	/** Parts of a normalized key that always name a secret. */
	private static final String[] SECRET_KEY_PARTS = { "secret", "password", "passwd", "pwd", "token", "apikey",
			"privatekey", "credential", "cookie", "passphrase", "authorization" };

	private final String[] sensitiveKeys;

	private final KnownSecrets knownSecrets;

	private final int maxArgumentBytes;

	private final JsonMapper json;

	private final Map<String, Set<String>> sensitiveParametersByTool = new ConcurrentHashMap<>();

	/**
	 * Create a redactor that knows none of the server's tokens.
	 * @param sensitiveKeys keys whose values are redacted besides the built-in ones
	 * @param maxArgumentBytes the largest argument JSON kept whole; larger ones are cut
	 * @param json the JSON mapper
	 */
	public ArgumentRedactor(Collection<String> sensitiveKeys, long maxArgumentBytes, JsonMapper json) {
		this(sensitiveKeys, maxArgumentBytes, json, KnownSecrets.NONE);
	}

	/**
	 * Create a redactor.
	 * @param sensitiveKeys keys whose values are redacted besides the built-in ones
	 * @param maxArgumentBytes the largest argument JSON kept whole; larger ones are cut
	 * @param json the JSON mapper
	 * @param knownSecrets the server's own secrets, masked wherever they appear as a word
	 */
	public ArgumentRedactor(Collection<String> sensitiveKeys, long maxArgumentBytes, JsonMapper json,
			KnownSecrets knownSecrets) {
		this.knownSecrets = knownSecrets;
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
	 * Replace the credentials in a free text, such as an error message, keeping its other words.
	 * @param text the text
	 * @return the text with {@value #MASK} in place of each credential
	 */
	public @Nullable String redactText(@Nullable String text) {
		return (text != null) ? CredentialScanner.mask(text, this.knownSecrets) : null;
	}

	/**
	 * Whether a key names a secret.
	 * @param key the key
	 * @return {@code true} if, normalized, it contains a built-in secret word, is {@code auth}, or equals or ends
	 * with a configured key
	 */
	public boolean isSensitiveKey(String key) {
		String normalized = normalize(key);
		if (normalized.equals("auth")) {
			return true;
		}
		for (String part : SECRET_KEY_PARTS) {
			if (normalized.contains(part)) {
				return true;
			}
		}
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
	 * @return {@code true} if it holds a credential of a recognised shape (see the class description)
	 */
	public static boolean looksLikeCredential(String value) {
		return CredentialScanner.contains(value);
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
			return CredentialScanner.mask(text, this.knownSecrets);
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
		StringBuilder normalized = null;
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			boolean separator = c == '_' || c == '-' || c == '.';
			char lower = Character.toLowerCase(c);
			if (normalized == null && (separator || lower != c)) {
				normalized = new StringBuilder(key.length()).append(key, 0, i);
			}
			if (normalized != null && !separator) {
				normalized.append(lower);
			}
		}
		return (normalized != null) ? normalized.toString() : key;
	}

}
