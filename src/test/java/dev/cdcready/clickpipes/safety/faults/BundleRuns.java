package dev.cdcready.clickpipes.safety.faults;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import db.clickpipes.ClickPipesCallback;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;

/** Bundle runs for the safety tests: a Flyway instance of the bundle, optionally with a test callback before its own. */
public final class BundleRuns {

    private BundleRuns() {
    }

    /** A role name no other test uses: roles are cluster-wide. */
    public static String uniqueRole(String purpose) {
        return "cp_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The bundle's Flyway as {@link ClickPipesFlyway#flyway} builds it, with {@code first} registered ahead of the
     * bundle's callback (so a fault injected at an event hits the bundle's own handler of that event too).
     */
    public static Flyway flyway(TestServer server, String database, Map<String, String> placeholders,
                                Callback... first) {
        Callback[] callbacks = new Callback[first.length + 1];
        System.arraycopy(first, 0, callbacks, 0, first.length);
        callbacks[first.length] = new ClickPipesCallback();
        return ClickPipesFlyway.configure(Flyway.configure(ClickPipesFlyway.class.getClassLoader())
                        .dataSource(server.superuserDataSource(database)).placeholders(placeholders))
                .callbacks(callbacks).load();
    }

    /** Creates a database with {@code public.orders} holding one row. */
    public static String databaseWithOrders(TestServer server) throws SQLException {
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
            statement.execute("INSERT INTO public.orders VALUES (1, 'first')");
        }
        return database;
    }

    /** Drops the database (closing its sessions) and then the role, so the next case creates the role afresh. */
    public static void dropDatabaseAndRole(TestServer server, String database, String role) throws SQLException {
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + database + "' AND pid <> pg_backend_pid()");
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    /** Every message of a throwable and its causes, joined. */
    public static String messages(Throwable thrown) {
        return Causes.messages(thrown);
    }
}
