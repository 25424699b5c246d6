package dev.cdcready.clickpipes.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.migration.EffectiveSettingsMigration;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every host must show about convergence: the repeatables' checksums come from the bundle's hook (never null,
 * their settings part equal to what the bundle computes from the settings), and one plain migrate repairs drift.
 */
final class Convergence {

    private static final String SCHEMA_ACCESS = "db.clickpipes.R__Grant_schema_access";
    private static final String PUBLICATION = "db.clickpipes.R__Maintain_publication";

    private Convergence() {
    }

    /**
     * Breaks if Flyway stops calling {@code getResolvedMigration}: without it the checksums would be null (the
     * bundle now throws instead) or would not follow the settings.
     */
    static void assertChecksumsFromTheHook(Connection connection, String user, String schemas) throws SQLException {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", user, "clickpipes_schemas",
                schemas), Map.of());
        Map<String, String> latest = new LinkedHashMap<>();
        for (String row : Sql.column(connection, "SELECT script || '|' || coalesce(checksum::text, 'null') FROM "
                + HostCatalog.BUNDLE_HISTORY + " WHERE success AND script LIKE 'db.clickpipes.R\\_\\_%'"
                + " ORDER BY installed_rank")) {
            latest.put(row.substring(0, row.indexOf('|')), row.substring(row.indexOf('|') + 1));
        }
        assertEquals(List.of(SCHEMA_ACCESS, PUBLICATION), List.copyOf(latest.keySet()), latest.toString());
        for (Map.Entry<String, String> row : latest.entrySet()) {
            assertNotEquals("null", row.getValue(), row.getKey() + " has no checksum: the hook was not called");
            int expected = EffectiveSettingsMigration.settingsPart(settings, row.getKey().equals(SCHEMA_ACCESS));
            assertEquals(expected, Integer.parseInt(row.getValue()) & ~1,
                    row.getKey() + "'s checksum is not the one the bundle computes from the settings");
        }
    }

    /** Revokes a table's SELECT, takes LOGIN and REPLICATION, and drops the publication. */
    static void drift(Connection superuser, String user) throws SQLException {
        Sql.execute(superuser, "REVOKE SELECT ON public.orders FROM " + user,
                "ALTER ROLE " + user + " NOLOGIN NOREPLICATION", "DROP PUBLICATION clickpipes_publication");
    }

    /** The checks of the verify command (without the replication login), as the migrating role. */
    static void assertVerifies(Connection migrator, String user, String schemas) {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", user, "clickpipes_schemas",
                schemas), Map.of());
        List<Finding> findings = Verifier.verify(migrator, settings);
        assertEquals(List.of(), findings.stream().map(Finding::render).toList());
    }

    /** @return whether verify would report drift now */
    static boolean drifted(Connection migrator, String user, String schemas) {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", user, "clickpipes_schemas",
                schemas), Map.of());
        return !Verifier.verify(migrator, settings).isEmpty();
    }
}
