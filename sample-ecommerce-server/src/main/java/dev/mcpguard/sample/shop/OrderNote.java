package dev.mcpguard.sample.shop;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A free-text note on an {@link Order}, signed by the authenticated principal who wrote it.
 */
@Entity
@Table(name = "order_notes")
public class OrderNote {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "order_id", nullable = false)
	private @Nullable Order order;

	@Column(nullable = false, length = 200)
	private String author;

	@Column(nullable = false, length = 2000)
	private String text;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected OrderNote() {
		this.author = "";
		this.text = "";
		this.createdAt = Instant.EPOCH;
	}

	OrderNote(Order order, String author, String text, Instant createdAt) {
		this.order = order;
		this.author = author;
		this.text = text;
		this.createdAt = createdAt;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getAuthor() {
		return this.author;
	}

	public String getText() {
		return this.text;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
