package dev.mcpguard.approval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Hides secret values in tool arguments before approvers, webhooks or the database see them: the value of every
 * key, at any depth, whose name contains a sensitive word (ignoring case, {@code -} and {@code _}, so
 * {@code api_key}, {@code apiKey} and {@code X-Api-Key} all match {@code api-key}), and of every top-level
 * parameter marked {@link dev.mcpguard.annotation.Sensitive @Sensitive}.
 */
public class ArgumentRedactor {

	/** What a redacted value is replaced with. */
	public static final String REDACTED = "******";

	private final List<String> sensitiveWords;

	/**
	 * Create a redactor.
	 * @param sensitiveKeys the words that mark a key as sensitive
	 */
	public ArgumentRedactor(Collection<String> sensitiveKeys) {
		this.sensitiveWords = sensitiveKeys.stream().map(ArgumentRedactor::normalize).filter((word) -> !word.isEmpty()).toList();
	}

	/**
	 * A redacted deep copy of the arguments.
	 * @param arguments the arguments as sent by the client (left unchanged)
	 * @param sensitiveParameters top-level parameters whose values are always hidden
	 * @return the copy
	 */
	public Map<String, @Nullable Object> redact(Map<String, ?> arguments, Set<String> sensitiveParameters) {
		Map<String, @Nullable Object> copy = new LinkedHashMap<>();
		for (Map.Entry<String, ?> entry : arguments.entrySet()) {
			boolean hidden = sensitiveParameters.contains(entry.getKey()) || isSensitive(entry.getKey());
			copy.put(entry.getKey(), hidden ? REDACTED : copyOf(entry.getValue()));
		}
		return copy;
	}

	/**
	 * Whether a key names a secret.
	 * @param key the key
	 * @return {@code true} if its value must be hidden
	 */
	public boolean isSensitive(String key) {
		String normalized = normalize(key);
		for (String word : this.sensitiveWords) {
			if (normalized.contains(word)) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Object copyOf(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> copy = new LinkedHashMap<>();
			map.forEach((key, nested) -> {
				String name = String.valueOf(key);
				copy.put(name, isSensitive(name) ? REDACTED : copyOf(nested));
			});
			return copy;
		}
		if (value instanceof Collection<?> collection) {
			List<@Nullable Object> copy = new ArrayList<>(collection.size());
			collection.forEach((element) -> copy.add(copyOf(element)));
			return copy;
		}
		return value;
	}

	private static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c != '-' && c != '_' && c != ' ' && c != '.') {
				normalized.append(c);
			}
		}
		return normalized.toString().toLowerCase(Locale.ROOT);
	}

}
