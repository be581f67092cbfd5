package dev.mcpguard.consumers.h2;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's repository of notes.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

}
