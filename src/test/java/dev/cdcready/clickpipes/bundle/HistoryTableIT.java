package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.callback.HistoryTableGuard;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.PostgresVersions;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle's history table is its own: never shared with an application's migrations. */
class HistoryTableIT {

    private static final String PASSWORD = "History-table-secret-1";

    @TempDir
    Path appMigrations;

    @Test
    void historyTableHoldingAnApplicationMigrationIsRefused() throws IOException, SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(PostgresVersions.newestMajor()));
        String database = server.createDatabase();
        Files.writeString(appMigrations.resolve("V1__app.sql"), "CREATE TABLE public.app_table (id int PRIMARY KEY);\n");
        MigrateResult app = Flyway.configure()
                .dataSource(server.applicationDataSource(database))
                .locations("filesystem:" + appMigrations.toAbsolutePath())
                .table(ClickPipesFlyway.HISTORY_TABLE)
                .schemas(ClickPipesFlyway.HISTORY_SCHEMA)
                .load()
                .migrate();
        assertEquals(1, app.migrationsExecuted);
        String user = Migrations.uniqueRole("history");

        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> Migrations.migrate(server, database, Migrations.placeholders(user, PASSWORD)));

        String message = Migrations.messages(refused);
        assertTrue(message.contains("holds migrations that are not the ClickPipes bundle's"), message);
        assertTrue(message.contains("V1__app.sql"), message);
        try (Connection connection = server.superuser(database)) {
            assertFalse(Sql.roleExists(connection, user), "the bundle wrote nothing");
            assertEquals(List.of("V1__app.sql"), Sql.column(connection, "SELECT script FROM "
                    + ClickPipesFlyway.HISTORY_SCHEMA + "." + ClickPipesFlyway.HISTORY_TABLE
                    + " WHERE version IS NOT NULL OR type <> 'SCHEMA' ORDER BY installed_rank"));
        }
    }

    @Test
    void bundleScriptListMatchesWhatFlywayResolvesForTheLocation() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(PostgresVersions.newestMajor()));
        String database = server.createDatabase();
        MigrationInfo[] resolved = Flyway.configure(ClickPipesFlyway.class.getClassLoader())
                .dataSource(server.pinnedSuperuserDataSource(database))
                .locations(ClickPipesFlyway.LOCATION)
                .table(ClickPipesFlyway.HISTORY_TABLE)
                .schemas(ClickPipesFlyway.HISTORY_SCHEMA)
                .placeholders(Migrations.placeholders(null, PASSWORD))
                .load()
                .info()
                .all();

        Set<String> scripts = Arrays.stream(resolved).map(MigrationInfo::getScript)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(6, resolved.length);
        assertEquals(new TreeSet<>(HistoryTableGuard.BUNDLE_SCRIPTS), scripts);
        try (Connection connection = server.superuser(database)) {
            assertEquals("false", Sql.text(connection, "SELECT EXISTS (SELECT 1 FROM pg_namespace"
                    + " WHERE nspname = ?)::text", ClickPipesFlyway.HISTORY_SCHEMA), "info() wrote nothing");
        }
    }
}
