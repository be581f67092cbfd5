package dev.mcpguard.sample.shop;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Life cycle of an {@link Order}: {@code NEW -> CONFIRMED -> SHIPPED}, and {@code NEW} or {@code CONFIRMED} may
 * become {@code CANCELLED}. {@code SHIPPED} and {@code CANCELLED} are final.
 */
public enum OrderStatus {

	NEW, CONFIRMED, SHIPPED, CANCELLED;

	/**
	 * The statuses this status may change to.
	 * @return the allowed next statuses, empty for a final status
	 */
	public Set<OrderStatus> next() {
		return switch (this) {
			case NEW -> EnumSet.of(CONFIRMED, CANCELLED);
			case CONFIRMED -> EnumSet.of(SHIPPED, CANCELLED);
			case SHIPPED, CANCELLED -> EnumSet.noneOf(OrderStatus.class);
		};
	}

	/**
	 * Whether the goods of an order in this status are still held back from stock, so that cancelling or deleting
	 * the order must put them back.
	 * @return {@code true} for {@code NEW} and {@code CONFIRMED}
	 */
	public boolean holdsStock() {
		return this == NEW || this == CONFIRMED;
	}

	/**
	 * Parse a status given by a caller, ignoring case and surrounding blanks.
	 * @param value the status name
	 * @return the status
	 * @throws ShopException if the value names no status
	 */
	public static OrderStatus parse(String value) {
		String name = value.trim().toUpperCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((status) -> status.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new ShopException("Unknown order status '" + value + "'. Use one of "
					+ Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + "."));
	}

}
