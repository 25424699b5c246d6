package dev.cdcready.clickpipes.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The race at first apply, with real concurrency: an application role that owns tables in the configured schema
 * creates tables in a tight loop while the bundle's first migrate runs (Flyway API, PostgreSQL 17). A table committed
 * after {@code GRANT SELECT ON ALL TABLES} read the catalog but before the default privileges committed stays
 * unreadable; the first migrate may then fail with TABLES_NOT_READABLE, which is correct. Whatever it did, one more
 * plain migrate after the application stops makes every table of the schema readable and verify hold, and a third
 * applies nothing. Repeated to give the window a chance; whether it was hit is not asserted (it is timing).
 */
class FirstApplyRaceIT {

    private static final String PASSWORD = "Race-secret-3";
    private static final String APP_PASSWORD = "Race-app-secret-3";

    @RepeatedTest(4)
    void aSecondMigrateAfterARacingApplicationMakesEveryTableReadableAndAThirdAppliesNothing() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("race");
        String app = user + "_app";
        try (Connection admin = server.superuser(database)) {
            // The application's role owns a table in public already, so the bundle gives it default privileges too.
            Sql.execute(admin, "CREATE ROLE " + app + " LOGIN PASSWORD '" + APP_PASSWORD + "'",
                    "GRANT CREATE ON SCHEMA public TO " + app,
                    "CREATE TABLE public.orders (id int PRIMARY KEY)", "ALTER TABLE public.orders OWNER TO " + app);
        }
        Path passwordFile = Files.createTempFile("clickpipes-password", ".txt");
        try {
            Files.writeString(passwordFile, PASSWORD + "\n");
            DataSource dataSource = server.superuserDataSource(database);
            Map<String, String> settings = Map.of("clickpipes_schemas", "public", "clickpipes_user", user,
                    "clickpipes_password_file", passwordFile.toString());

            Application application = Application.start(server, database, app);
            try {
                application.awaitFirstTable();
                ClickPipesFlyway.flyway(dataSource, settings).migrate();
            } catch (RuntimeException firstFailed) {
                // Correct when the window was hit: the after-migrate verification names the unreadable tables.
                assertTrue(Causes.messages(firstFailed).contains("TABLES_NOT_READABLE"), Causes.messages(firstFailed));
            } finally {
                application.stop();
            }
            assertTrue(application.created() > 1, "the application created tables while migrate ran");

            ClickPipesFlyway.flyway(dataSource, settings).migrate();

            try (Connection admin = server.superuser(database)) {
                Convergence.assertVerifies(admin, user, "public");
                assertEquals("0", Sql.text(admin, "SELECT count(*)::text FROM pg_catalog.pg_class c"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                        + " AND NOT pg_catalog.has_table_privilege(?::name, c.oid, 'SELECT')", user),
                        "every table of public is readable by clickpipes_user");
            }
            MigrateResult third = ClickPipesFlyway.flyway(dataSource, settings).migrate();
            assertEquals(0, third.migrationsExecuted, "a third migrate applies nothing");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** The application: one session as its own role, creating a keyed table per round trip until stopped. */
    private static final class Application implements Runnable {

        private final Connection connection;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger created = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        private Application(Connection connection) {
            this.connection = connection;
            this.thread = new Thread(this, "racing-application");
        }

        static Application start(TestServer server, String database, String role) throws SQLException {
            Application application = new Application(server.login(database, role, APP_PASSWORD));
            application.thread.start();
            return application;
        }

        @Override
        public void run() {
            try (connection) {
                while (!stopped.get()) {
                    Sql.execute(connection, "CREATE TABLE public.t_" + created.get() + " (id int PRIMARY KEY)");
                    created.incrementAndGet();
                }
            } catch (SQLException | RuntimeException e) {
                failure.set(e);
            }
        }

        void awaitFirstTable() throws InterruptedException {
            while (created.get() == 0 && thread.isAlive()) {
                Thread.sleep(5);
            }
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            thread.join(30_000);
            assertFalse(thread.isAlive(), "the application thread stopped");
            if (failure.get() != null) {
                throw new AssertionError("the application failed", failure.get());
            }
        }

        int created() {
            return created.get();
        }
    }
}
