package dev.mcpguard.sample.shop;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * An article the shop sells, with its current price and the units left in stock.
 */
@Entity
@Table(name = "products")
public class Product {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(nullable = false, unique = true, length = 64)
	private String sku;

	@Column(nullable = false, length = 200)
	private String name;

	@Column(length = 2000)
	private @Nullable String description;

	@Column(nullable = false, precision = 12, scale = 2)
	private BigDecimal price;

	@Column(nullable = false)
	private int stock;

	protected Product() {
		this.sku = "";
		this.name = "";
		this.price = BigDecimal.ZERO;
	}

	public Product(String sku, String name, @Nullable String description, BigDecimal price, int stock) {
		this.sku = sku;
		this.name = name;
		this.description = description;
		this.price = price;
		this.stock = stock;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getSku() {
		return this.sku;
	}

	public String getName() {
		return this.name;
	}

	public @Nullable String getDescription() {
		return this.description;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public int getStock() {
		return this.stock;
	}

	/**
	 * Take units out of stock for an order.
	 * @param quantity the units to take, at least 1
	 * @throws ShopException if fewer units are in stock
	 */
	void reserve(int quantity) {
		if (quantity > this.stock) {
			throw new ShopException("Insufficient stock for '%s' (%s): requested %d, available %d."
				.formatted(this.name, this.sku, quantity, this.stock));
		}
		this.stock -= quantity;
	}

	/**
	 * Put units of a cancelled or deleted order back into stock.
	 * @param quantity the units to put back
	 */
	void restock(int quantity) {
		this.stock += quantity;
	}

}
