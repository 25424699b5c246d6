-- The application's own first migration: a table with a primary key in public.
CREATE TABLE orders (
    id   bigint PRIMARY KEY,
    note text NOT NULL
);
INSERT INTO orders (id, note) VALUES (1, 'first order');
