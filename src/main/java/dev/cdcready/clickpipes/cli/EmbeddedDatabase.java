package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL with logical replication on, for a first run without a database. Its binaries (about
 * 60 MB unpacked) and its data directory live in one temporary directory of its own, removed on close or when the
 * JVM is stopped: by default the embedded server would unpack into the system's temporary directory and keep it there.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Cleanup cleanup;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Cleanup cleanup) {
        this.postgres = postgres;
        this.cleanup = cleanup;
    }

    /** Starts the server and gives it one application table, as a real database would have. */
    static EmbeddedDatabase start() {
        Cleanup cleanup;
        try {
            cleanup = new Cleanup(Files.createTempDirectory("clickpipes-demo-"));
        } catch (IOException e) {
            throw new ClickPipesException("Could not make a temporary directory for the embedded PostgreSQL: "
                    + e.getMessage() + ". Give a database with --url (the cluster writer endpoint) instead.", e);
        }
        // From here on, Ctrl-C or a kill (SIGTERM) also stops the server and removes the directory: unpacking
        // alone takes seconds.
        Runtime.getRuntime().addShutdownHook(cleanup.hook);
        try {
            // Starting makes the builder's default working directory, <tmp>/embedded-pg, even though ours replaces
            // it: remove it again unless it was there before (or someone else's server has since unpacked there).
            Path defaultDirectory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
            boolean defaultExisted = Files.exists(defaultDirectory);
            EmbeddedPostgres postgres;
            try {
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(cleanup.directory.toFile())
                        .setDataDirectory(cleanup.directory.resolve("data"))
                        .setRegisterShutdownHook(false)
                        .setServerConfig("wal_level", "logical")
                        .setServerConfig("max_replication_slots", "4")
                        .setServerConfig("max_wal_senders", "4")
                        .setServerConfig("wal_sender_timeout", "0")
                        // A CDC source as ClickHouse advises it; the default, unbounded, is a warning of check.
                        .setServerConfig("max_slot_wal_keep_size", "200GB")
                        .start();
            } finally {
                if (!defaultExisted) {
                    removeIfEmpty(defaultDirectory);
                }
            }
            cleanup.started(postgres);
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, note text)");
                statement.execute("INSERT INTO public.orders VALUES (1, 'first order') ON CONFLICT DO NOTHING");
            }
            return new EmbeddedDatabase(postgres, cleanup);
        } catch (IOException | SQLException | RuntimeException e) {
            cleanup.runNow();
            throw new ClickPipesException("Could not start the embedded PostgreSQL: " + e.getMessage()
                    + ". Give a database with --url (the cluster writer endpoint) instead.", e);
        }
    }

    private static void removeIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // Not empty: another server's binaries, not ours to remove.
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** @return where the server's binaries and data are, until close */
    Path directory() {
        return cleanup.directory;
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
        cleanup.runNow();
    }

    /** Stops the server (once started) and removes the directory, exactly once: on close or at JVM shutdown. */
    private static final class Cleanup implements Runnable {

        private final Path directory;
        private final Thread hook = new Thread(this, "clickpipes-demo-cleanup");
        private EmbeddedPostgres postgres;
        private boolean done;

        Cleanup(Path directory) {
            this.directory = directory;
        }

        synchronized void started(EmbeddedPostgres server) {
            this.postgres = server;
        }

        /** Cleans up now and unregisters the hook; a directory that cannot be removed is an error, with the fix. */
        void runNow() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs too, and whichever comes first does the work.
            }
            clean();
        }

        /** The shutdown hook: nobody is left to tell about a failure. */
        @Override
        public void run() {
            try {
                clean();
            } catch (ClickPipesException e) {
                System.err.println(e.getMessage());
            }
        }

        private synchronized void clean() {
            if (done) {
                return;
            }
            done = true;
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // Stopping failed; the directory is removed below all the same, and the process ends next.
                }
            }
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ClickPipesException("Could not remove the embedded PostgreSQL's directory " + directory
                    + ": " + e.getMessage() + ". Remove it by hand (rm -rf " + directory + ").", e);
        }
    }
}
