package dev.mcpguard.consumers.h2;

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
