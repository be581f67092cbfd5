CREATE TABLE notes (
    id   BIGINT PRIMARY KEY,
    body VARCHAR(255) NOT NULL
);

INSERT INTO notes (id, body) VALUES (1, 'first note');
INSERT INTO notes (id, body) VALUES (2, 'second note');
