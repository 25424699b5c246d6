package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.BundleHistory;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * The checksum of a repeatable bundle migration. It is what makes a plain migrate converge: it changes, so Flyway
 * re-runs the step, exactly when the step has something to do.
 *
 * <ul>
 *   <li>The settings part: a hash of the settings the step depends on, with its low bit clear. New settings re-run
 *   the step. The password is never part of it.</li>
 *   <li>Drift: when the settings part equals that of the step's latest run in the history table, the step's own
 *   checks (the ones {@code verify} reports) decide. Nothing found: the latest run's checksum, so nothing runs —
 *   also right after a repair, whose row has the low bit flipped. Something found (a revoked grant, NOLOGIN, a
 *   dropped or altered publication, a table nobody granted): the latest checksum with its low bit flipped, so the
 *   step runs again and its history row shows that run.</li>
 * </ul>
 *
 * A step's checks are a constant number of queries, at most one pass over the configured schemas' tables; they run
 * only when the settings are unchanged and the step ran before (otherwise it runs anyway).
 */
final class EffectiveSettingsChecksum {

    /** What a repeatable migration depends on. */
    enum Part { SCHEMA_ACCESS, PUBLICATION }

    /** The step's own checks, on the database as it is. */
    @FunctionalInterface
    interface StepChecks {
        List<Finding> run(Connection connection, ClickPipesSettings settings, ServerFacts facts,
                          Optional<TableCheckpoint> since);
    }

    private EffectiveSettingsChecksum() {
    }

    /**
     * @param configuration Flyway's configuration, as handed to {@code getResolvedMigration}
     * @param part the step
     * @param script the step's script name in the history table
     * @param checks the step's checks
     * @return the checksum Flyway compares with the history table
     */
    static int of(Configuration configuration, Part part, String script, StepChecks checks) {
        ClickPipesSettings settings;
        try {
            settings = RunSettings.of(configuration);
        } catch (InvalidSettingException e) {
            // The callback and the guard refuse such settings with the full message before anything runs.
            return 0;
        }
        int configured = settingsPart(settings, part);
        DataSource dataSource = configuration.getDataSource();
        if (dataSource == null) {
            return configured;
        }
        Optional<PassedPreCheck> callback = MigrationGuard.bundleCallback(configuration, PassedPreCheck.class);
        Optional<Connection> validating = callback.flatMap(PassedPreCheck::validatingConnection);
        // Flyway's own connection while it validates; otherwise (info, a host without the callback) one of our own.
        try (Connection own = validating.isPresent() ? null : dataSource.getConnection()) {
            Connection connection = validating.orElse(own);
            Catalog catalog = new Catalog(connection);
            String schema = BundleHistory.schemaOf(configuration);
            Integer latest = BundleHistory.latestChecksum(catalog, schema, configuration.getTable(), script);
            if (latest == null || (latest & ~1) != configured) {
                callback.ifPresent(r -> r.recordStepCheck(part.name(), null, Optional.empty()));
                return configured;
            }
            ServerFacts facts = callback.map(c -> c.serverFacts(connection))
                    .orElseGet(() -> ServerFactsReader.read(connection));
            // Only the schema-access step reads tables; its checkpoint lives on the history table (TableCheckpoint).
            Optional<TableCheckpoint> since = part == Part.SCHEMA_ACCESS
                    ? TableCheckpoint.read(catalog, schema, configuration.getTable(), settings) : Optional.empty();
            List<Finding> findings = checks.run(connection, settings, facts, since);
            callback.ifPresent(r -> r.recordStepCheck(part.name(), findings, since));
            return findings.isEmpty() ? latest : latest ^ 1;
        } catch (SQLException | RuntimeException e) {
            // Never a silent fallback: a checksum computed without the catalog would hide drift, or re-run forever.
            throw new ClickPipesException("Could not check step " + script + " for drift while Flyway resolved it ("
                    + e.getMessage() + "). Nothing was written. Fix what the message names (connection, permission "
                    + "to read the catalog and the history table " + BundleHistory.schemaOf(configuration) + "."
                    + configuration.getTable() + ") and run the command again.", e);
        }
    }

    /**
     * @param settings the settings
     * @param part the step
     * @return the settings part of the step's checksum (low bit clear); the history rows' checksums equal it up to
     *     their low bit
     */
    static int settingsPart(ClickPipesSettings settings, Part part) {
        return crc(part + "|" + settings.user() + "|" + settings.schemas() + "|" + settings.publication() + "|"
                + settings.scope() + "|" + settings.tables() + "|" + settings.tableOwners() + "|"
                + settings.platform().map(Object::toString).orElse("")) & ~1;
    }

    private static int crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
