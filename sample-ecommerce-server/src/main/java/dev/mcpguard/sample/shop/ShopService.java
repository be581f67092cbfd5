package dev.mcpguard.sample.shop;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's use cases, one transaction each: browse products, customers and orders; place, change and delete
 * orders while keeping stock and totals right; add notes. Invalid requests fail with a {@link ShopException} whose
 * message tells the caller what to fix.
 */
@Service
@Transactional(readOnly = true)
public class ShopService {

	/** Largest quantity accepted for one product in one order. */
	public static final int MAX_QUANTITY = 10_000;

	/** Longest note text accepted, in characters. */
	public static final int MAX_NOTE_LENGTH = 2000;

	private final ProductRepository products;

	private final CustomerRepository customers;

	private final OrderRepository orders;

	// Millisecond ticks: what a tool returns equals what the database stores and reads back.
	private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

	public ShopService(ProductRepository products, CustomerRepository customers, OrderRepository orders) {
		this.products = products;
		this.customers = customers;
		this.orders = orders;
	}

	/**
	 * Products whose name, SKU or description contains a text, ignoring case.
	 * @param filter the text to look for; {@code null} or blank lists every product
	 * @param inStockOnly whether to leave out products with no units in stock
	 * @return the matching products, by name
	 */
	public List<ProductView> listProducts(@Nullable String filter, boolean inStockOnly) {
		String text = (filter != null) ? filter.trim().toLowerCase(Locale.ROOT) : "";
		String pattern = "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
		return this.products.search(pattern, inStockOnly ? 1 : 0).stream().map(ProductView::of).toList();
	}

	/**
	 * One product.
	 * @param productId the product id
	 * @return the product
	 * @throws ShopException if the id is missing or unknown
	 */
	public ProductView getProduct(@Nullable Long productId) {
		long id = require(productId, "productId");
		return ProductView.of(this.products.findById(id).orElseThrow(() -> ShopException.notFound("Product", id)));
	}

	/**
	 * One customer with a summary of their orders, newest first.
	 * @param customerId the customer id
	 * @return the customer
	 * @throws ShopException if the id is missing or unknown
	 */
	public CustomerView getCustomer(@Nullable Long customerId) {
		Customer customer = findCustomer(customerId);
		List<Order> orders = this.orders.findByCustomerIdOrderByCreatedAtDescIdDesc(idOf(customer.getId()));
		return CustomerView.of(customer, orders);
	}

	/**
	 * One order with its items and notes.
	 * @param orderId the order id
	 * @return the order
	 * @throws ShopException if the id is missing or unknown
	 */
	public OrderView getOrder(@Nullable Long orderId) {
		long id = require(orderId, "orderId");
		return OrderView.of(this.orders.findById(id).orElseThrow(() -> ShopException.notFound("Order", id)));
	}

	/**
	 * Place a {@code NEW} order, taking its units out of stock at the current prices.
	 * @param customerId the customer who orders
	 * @param items the lines; lines for the same product are added up
	 * @return the new order
	 * @throws ShopException if the customer or a product does not exist, a line is invalid or stock is short
	 */
	@Transactional
	public OrderView createOrder(@Nullable Long customerId, @Nullable List<OrderLine> items) {
		Customer customer = findCustomer(customerId);
		Map<Long, Integer> quantities = quantitiesByProduct(items);
		Map<Long, Product> locked = lockProducts(quantities.keySet());
		Order order = new Order(customer, this.clock.instant());
		quantities.forEach((productId, quantity) -> order.addItem(locked.get(productId), quantity));
		return OrderView.of(this.orders.save(order));
	}

	/**
	 * Change an order's status, replace its items, or both (items first, so a {@code NEW} order can be refilled and
	 * confirmed in one call). Cancelling puts the units back into stock.
	 * @param orderId the order to change
	 * @param status the new status, or {@code null} to keep it
	 * @param items the new lines, or {@code null} to keep them; only while the order is {@code NEW}
	 * @return the changed order
	 * @throws ShopException if the order does not exist, nothing is asked, the transition is not allowed, or the
	 * new lines are invalid
	 */
	@Transactional
	public OrderView updateOrder(@Nullable Long orderId, @Nullable OrderStatus status,
			@Nullable List<OrderLine> items) {
		long id = require(orderId, "orderId");
		if (status == null && items == null) {
			throw new ShopException(
					"Nothing to update on order " + id + ": give a new 'status', new 'items', or both.");
		}
		Map<Long, Integer> quantities = (items != null) ? quantitiesByProduct(items) : Map.of();
		Order order = lockOrder(id);
		Map<Long, Product> locked = lockProductsOf(id, quantities.keySet());
		boolean changed = false;
		if (items != null) {
			order.removeAllItems();
			quantities.forEach((productId, quantity) -> order.addItem(locked.get(productId), quantity));
			changed = true;
		}
		if (status != null) {
			changed |= order.changeStatus(status);
		}
		if (changed) {
			order.touch(this.clock.instant());
		}
		this.orders.flush();
		return OrderView.of(order);
	}

	/**
	 * Delete an order with its items and notes, putting its units back into stock unless it was shipped or
	 * already cancelled.
	 * @param orderId the order to delete
	 * @return what was deleted
	 * @throws ShopException if the order does not exist
	 */
	@Transactional
	public OrderDeletedView deleteOrder(@Nullable Long orderId) {
		long id = require(orderId, "orderId");
		Order order = lockOrder(id);
		lockProductsOf(id, Set.of());
		List<OrderItemView> items = order.getItems().stream().map(OrderItemView::of).toList();
		boolean restocked = order.releaseStock();
		this.orders.delete(order);
		return new OrderDeletedView(id, order.getStatus(), restocked, items);
	}

	/**
	 * Add a note to an order.
	 * @param orderId the order
	 * @param author the authenticated principal writing the note; never taken from tool arguments
	 * @param text the note text
	 * @return the new note
	 * @throws ShopException if the order does not exist or the text is blank or too long
	 */
	@Transactional
	public OrderNoteView addNote(@Nullable Long orderId, String author, @Nullable String text) {
		long id = require(orderId, "orderId");
		if (text == null || text.isBlank()) {
			throw new ShopException("'text' must not be blank.");
		}
		String trimmed = text.strip();
		if (trimmed.length() > MAX_NOTE_LENGTH) {
			throw new ShopException("Note text must be at most %d characters, got %d."
				.formatted(MAX_NOTE_LENGTH, trimmed.length()));
		}
		Order order = this.orders.findById(id).orElseThrow(() -> ShopException.notFound("Order", id));
		OrderNote note = order.addNote(author, trimmed, this.clock.instant());
		this.orders.flush();
		return OrderNoteView.of(note);
	}

	private Customer findCustomer(@Nullable Long customerId) {
		long id = require(customerId, "customerId");
		return this.customers.findById(id).orElseThrow(() -> ShopException.notFound("Customer", id));
	}

	/**
	 * Lock an order so that concurrent changes of it run one after the other. Callers lock the order before any
	 * product, and products in id order, so concurrent calls cannot deadlock.
	 */
	private Order lockOrder(long id) {
		return this.orders.findByIdForUpdate(id).orElseThrow(() -> ShopException.notFound("Order", id));
	}

	/**
	 * Lock the products of an order's current lines together with further products before any of them is loaded,
	 * so that restocking and reserving work on fresh, locked rows.
	 */
	private Map<Long, Product> lockProductsOf(long orderId, Collection<Long> moreProductIds) {
		Set<Long> productIds = new HashSet<>(this.orders.findProductIds(orderId));
		productIds.addAll(moreProductIds);
		return lockProducts(productIds);
	}

	private Map<Long, Product> lockProducts(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<Long, Product> found = this.products.findAllForUpdate(ids)
			.stream()
			.collect(Collectors.toMap((product) -> idOf(product.getId()), Function.identity()));
		for (Long id : ids) {
			if (!found.containsKey(id)) {
				throw ShopException.notFound("Product", id);
			}
		}
		return found;
	}

	/**
	 * Validate requested lines and add up the quantities per product, keeping the caller's order.
	 */
	private static Map<Long, Integer> quantitiesByProduct(@Nullable List<OrderLine> items) {
		if (items == null || items.isEmpty()) {
			throw new ShopException("'items' must list at least one {productId, quantity}.");
		}
		Map<Long, Integer> quantities = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			OrderLine line = items.get(i);
			if (line == null || line.productId() == null) {
				problems.add("item " + (i + 1) + " has no 'productId'");
			}
			else if (line.quantity() == null) {
				problems.add("item " + (i + 1) + " (product " + line.productId() + ") has no 'quantity'");
			}
			else if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
				problems.add("quantity for product %d must be between 1 and %d, got %d".formatted(line.productId(),
						MAX_QUANTITY, line.quantity()));
			}
			else {
				quantities.merge(line.productId(), line.quantity(), Integer::sum);
			}
		}
		quantities.forEach((productId, quantity) -> {
			if (quantity > MAX_QUANTITY) {
				problems.add("total quantity for product %d must be at most %d, got %d".formatted(productId,
						MAX_QUANTITY, quantity));
			}
		});
		if (!problems.isEmpty()) {
			String message = String.join("; ", problems);
			throw new ShopException(Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".");
		}
		return quantities;
	}

	private static long require(@Nullable Long value, String name) {
		if (value == null) {
			throw ShopException.required(name);
		}
		return value;
	}

	static long idOf(@Nullable Long id) {
		if (id == null) {
			throw new IllegalStateException("Entity has no id yet");
		}
		return id;
	}

}
