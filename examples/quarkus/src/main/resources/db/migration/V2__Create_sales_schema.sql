-- A schema of the application's own, which the bundle is asked to grant on: it exists only once this has run.
CREATE SCHEMA sales;
CREATE TABLE sales.invoices (
    id     bigint PRIMARY KEY,
    amount numeric(12, 2) NOT NULL
);
INSERT INTO sales.invoices (id, amount) VALUES (1, 42.00);
