package dev.mcpguard.sample.shop;

import java.time.Instant;

/**
 * A note on an order, as tools return it.
 *
 * @param id the note id
 * @param author the principal who wrote the note
 * @param text the note text
 * @param createdAt when the note was written
 */
public record OrderNoteView(long id, String author, String text, Instant createdAt) {

	static OrderNoteView of(OrderNote note) {
		return new OrderNoteView(ShopService.idOf(note.getId()), note.getAuthor(), note.getText(),
				note.getCreatedAt());
	}

}
