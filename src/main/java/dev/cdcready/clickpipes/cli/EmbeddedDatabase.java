package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A throw-away PostgreSQL with logical replication on, for a first run without a database. */
final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the server and gives it one application table, as a real database would have. */
    static EmbeddedDatabase start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "4")
                    .setServerConfig("max_wal_senders", "4")
                    .setServerConfig("wal_sender_timeout", "0")
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, note text)");
                statement.execute("INSERT INTO public.orders VALUES (1, 'first order') ON CONFLICT DO NOTHING");
            }
            return new EmbeddedDatabase(postgres);
        } catch (IOException | SQLException e) {
            throw new ClickPipesException("Could not start the embedded PostgreSQL: " + e.getMessage()
                    + ". Give a database with --url (the cluster writer endpoint) instead.", e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    String version() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            // The process is gone either way; nothing a user can do about a failed cleanup of a temporary directory.
        }
    }
}
