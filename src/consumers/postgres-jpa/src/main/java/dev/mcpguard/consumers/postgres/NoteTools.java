package dev.mcpguard.consumers.postgres;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.stereotype.Component;

/**
 * A tool on the application's own data, open to every authenticated caller.
 */
@Component
public class NoteTools {

	private final NoteRepository notes;

	public NoteTools(NoteRepository notes) {
		this.notes = notes;
	}

	@McpTool(name = "count_notes", description = "Counts the notes")
	public long countNotes() {
		return this.notes.count();
	}

}
