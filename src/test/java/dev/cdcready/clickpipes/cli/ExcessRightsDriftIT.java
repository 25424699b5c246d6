package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code verify} reports rights granted to clickpipes_user after the setup as drift (ROLE_EXCESS_RIGHTS, exit 3), and
 * the finding's fix, run literally, makes verify hold again. On PostgreSQL 17.
 */
class ExcessRightsDriftIT {

    private static final String PASSWORD = "Excess-rights-pw-1";
    private static final Map<String, String> ENV = Map.of("CLICKPIPES_PASSWORD", PASSWORD);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GRANT INSERT ON public.orders TO %u", "GRANT pg_write_all_data TO %u",
            "GRANT CREATE ON SCHEMA public TO %u", "ALTER ROLE %u CREATEDB"})
    void excessGrantIsDriftAndItsFixRunLiterallyMakesVerifyHold(String grant) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        String user = "cp_excess_" + Long.toHexString(System.nanoTime());
        try (Connection admin = server.superuser(db)) {
            Sql.execute(admin, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        }
        assertEquals(Main.OK, run(server, db, user, "migrate").exitCode());
        assertEquals(Main.OK, run(server, db, user, "verify").exitCode(), "holds before the grant");
        try (Connection admin = server.superuser(db)) {
            Sql.execute(admin, grant.replace("%u", user));
        }

        CliRun drift = run(server, db, user, "verify", "--json");

        assertEquals(Main.DRIFT, drift.exitCode(), drift.all());
        assertEquals(List.of("ROLE_EXCESS_RIGHTS"), drift.findingCodes(), drift.out());
        Map<String, Object> finding = drift.finding("ROLE_EXCESS_RIGHTS");
        String fix = (String) finding.get("fix");
        try (Connection admin = server.superuser(db)) {
            Sql.execute(admin, fix);
        }
        CliRun again = run(server, db, user, "verify");
        assertEquals(Main.OK, again.exitCode(), "after running the fix literally (" + fix + "): " + again.all());
    }

    private static CliRun run(TestServer server, String db, String user, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--url", server.jdbcUrl(db), "--user", "postgres", "--clickpipes-user", user));
        CliRun result = CliRun.run(ENV, args.toArray(String[]::new));
        assertFalse(result.all().contains(PASSWORD), "the password must never be printed:\n" + result.all());
        return result;
    }
}
