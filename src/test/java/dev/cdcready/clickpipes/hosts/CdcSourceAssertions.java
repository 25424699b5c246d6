package dev.cdcready.clickpipes.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a database must look like after the bundle's first migrate through a Flyway command line, read from the
 * catalog as superuser and proven by a real login as the ClickPipes role.
 */
final class CdcSourceAssertions {

    static final List<String> FIRST_RUN = List.of(
            "V1__Require_writer_with_logical_replication.sql",
            "db.clickpipes.V2__Create_replication_role",
            "db.clickpipes.V3__Set_replication_role_password",
            "db.clickpipes.V4__Grant_replication_privilege",
            "db.clickpipes.R__Grant_schema_access",
            "db.clickpipes.R__Maintain_publication");

    private CdcSourceAssertions() {
    }

    /**
     * @param migrator the role Flyway connected as (it is recorded in the history table)
     * @param user     the clickpipes_user
     * @param password its password
     */
    static void assertFirstRun(TestServer server, String database, String migrator, String user, String password)
            throws SQLException {
        try (Connection connection = server.superuser(database)) {
            assertEquals(FIRST_RUN.stream().map(script -> script + " by " + migrator).toList(),
                    CatalogQueries.history(connection));
            assertTrue(Sql.bool(connection,
                    "SELECT (rolcanlogin AND rolreplication AND NOT rolsuper)::text FROM pg_roles WHERE rolname = ?",
                    user), user + " has LOGIN and REPLICATION and is no superuser");
            assertTrue(Sql.hasTablePrivilege(connection, user, "public.orders", "SELECT"));
            assertFalse(Sql.hasTablePrivilege(connection, user, "public.orders", "INSERT"));
            assertTrue(Sql.defaultSelectFor(connection, user, "postgres", "public"),
                    "tables the owner of public.orders creates later are readable");
            assertEquals("true", Sql.text(connection,
                    "SELECT puballtables::text FROM pg_publication WHERE pubname = 'clickpipes_publication'"));
        }
        try (Connection login = server.login(database, user, password)) {
            assertEquals("first order", Sql.text(login, "SELECT note FROM public.orders WHERE id = 1"));
            SQLException denied = assertThrows(SQLException.class,
                    () -> Sql.execute(login, "INSERT INTO public.orders VALUES (2, 'not allowed')"));
            assertEquals("42501", denied.getSQLState());
        }
    }

    /** No secret may reach the output: Flyway prints every migration, warning and error there. */
    static void assertNoSecretIn(CommandLineRun run, String... secrets) {
        for (String secret : secrets) {
            assertFalse(run.output().contains(secret),
                    () -> "a password was printed:\n" + run.output().replace(secret, "<the password>"));
        }
    }
}
