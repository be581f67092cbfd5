package dev.mcpguard.sample.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * An order of a {@link Customer}: its items, status and total. The methods that change an order keep stock, total
 * and status consistent; callers must hold the order's products locked (see {@link ShopService}).
 */
@Entity
@Table(name = "orders")
public class Order {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "customer_id", nullable = false)
	private @Nullable Customer customer;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 16)
	private OrderStatus status;

	@Column(nullable = false, precision = 12, scale = 2)
	private BigDecimal total;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
	@OrderBy("id")
	private List<OrderItem> items = new ArrayList<>();

	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
	@OrderBy("id")
	private List<OrderNote> notes = new ArrayList<>();

	protected Order() {
		this.status = OrderStatus.NEW;
		this.total = BigDecimal.ZERO;
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	Order(Customer customer, Instant now) {
		this.customer = customer;
		this.status = OrderStatus.NEW;
		this.total = BigDecimal.ZERO.setScale(2);
		this.createdAt = now;
		this.updatedAt = now;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public Customer getCustomer() {
		if (this.customer == null) {
			throw new IllegalStateException("Order is not initialised");
		}
		return this.customer;
	}

	public OrderStatus getStatus() {
		return this.status;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public List<OrderItem> getItems() {
		return Collections.unmodifiableList(this.items);
	}

	public List<OrderNote> getNotes() {
		return Collections.unmodifiableList(this.notes);
	}

	/**
	 * Add a line, taking its units out of stock and adding it to the total.
	 * @param product the product, locked by the caller
	 * @param quantity the units, at least 1
	 * @throws ShopException if the product has fewer units in stock
	 */
	void addItem(Product product, int quantity) {
		product.reserve(quantity);
		OrderItem item = new OrderItem(this, product, quantity);
		this.items.add(item);
		this.total = this.total.add(item.getLineTotal());
	}

	/**
	 * Remove every line of a {@code NEW} order, putting its units back into stock.
	 * @throws ShopException if the order is no longer {@code NEW}
	 */
	void removeAllItems() {
		if (this.status != OrderStatus.NEW) {
			throw new ShopException("Items of order %d can only be replaced while it is NEW; it is %s."
				.formatted(this.id, this.status));
		}
		releaseStock();
		this.items.clear();
		this.total = BigDecimal.ZERO.setScale(2);
	}

	/**
	 * Move the order to another status; cancelling puts its units back into stock. Asking for the current status
	 * changes nothing, so a repeated request is harmless.
	 * @param next the requested status
	 * @return whether the status changed
	 * @throws ShopException if the transition is not allowed
	 */
	boolean changeStatus(OrderStatus next) {
		if (next == this.status) {
			return false;
		}
		if (!this.status.next().contains(next)) {
			String allowed = this.status.next().isEmpty() ? "none, " + this.status + " is final"
					: this.status.next().stream().map(Enum::name).collect(Collectors.joining(", "));
			throw new ShopException("Cannot change order %d from %s to %s (allowed: %s)."
				.formatted(this.id, this.status, next, allowed));
		}
		if (next == OrderStatus.CANCELLED) {
			releaseStock();
		}
		this.status = next;
		return true;
	}

	/**
	 * Put the units of this order back into stock if its status still holds them back.
	 * @return whether any stock was put back
	 */
	boolean releaseStock() {
		if (!this.status.holdsStock() || this.items.isEmpty()) {
			return false;
		}
		for (OrderItem item : this.items) {
			item.getProduct().restock(item.getQuantity());
		}
		return true;
	}

	OrderNote addNote(String author, String text, Instant now) {
		OrderNote note = new OrderNote(this, author, text, now);
		this.notes.add(note);
		return note;
	}

	void touch(Instant now) {
		this.updatedAt = now;
	}

}
