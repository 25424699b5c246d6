package dev.cdcready.clickpipes.cli;

import db.clickpipes.ClickPipesCallback;
import dev.cdcready.clickpipes.callback.MigrateReport;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * {@code migrate}: Flyway applies the bundle; its callback runs the pre-check before and the verification after. The
 * report claims only what the callback says it established in this run.
 */
final class MigrateCommand {

    private MigrateCommand() {
    }

    static Outcome run(Session session) {
        Flyway flyway = session.flyway();
        MigrateResult result = flyway.migrate();
        MigrateReport report = MigrationGuard.bundleCallback(flyway.getConfiguration(), ClickPipesCallback.class)
                .map(ClickPipesCallback::lastMigrate).orElse(MigrateReport.NOT_RUN);
        StringBuilder text = new StringBuilder("Applied " + result.migrationsExecuted + " migration(s) to "
                + session.shownUrl() + ":");
        List<Object> applied = new ArrayList<>();
        for (MigrateOutput migration : result.migrations) {
            String label = migration.version.isEmpty() ? "R" : "V" + migration.version;
            text.append(System.lineSeparator()).append("  ").append(label).append("  ").append(migration.description);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", migration.version);
            row.put("description", migration.description);
            applied.add(row);
        }
        for (String repaired : report.repaired()) {
            text.append(System.lineSeparator()).append("Repaired: ").append(repaired);
        }
        text.append(System.lineSeparator()).append(report.verified().map(v -> "Verified: " + v)
                .orElse("Not verified: no verification ran in this run; run verify."));
        return Outcome.of(ExitCode.OK, List.of(), text.toString()).with("applied", applied)
                .with("repaired", report.repaired()).with("verified", report.verified().isPresent());
    }
}
