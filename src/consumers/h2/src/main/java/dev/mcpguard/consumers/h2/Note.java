package dev.mcpguard.consumers.h2;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A note of the application's own domain, in the application's own table.
 */
@Entity
@Table(name = "notes")
public class Note {

	@Id
	private Long id;

	private String body;

	protected Note() {
	}

	public Long getId() {
		return this.id;
	}

	public String getBody() {
		return this.body;
	}

}
