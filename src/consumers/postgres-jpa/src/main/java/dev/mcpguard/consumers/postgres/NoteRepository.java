package dev.mcpguard.consumers.postgres;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's repository of notes.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

}
