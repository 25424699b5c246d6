package dev.cdcready.clickpipes.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;

/** {@code migrate}: Flyway applies the bundle; its callback runs the pre-check before and the verification after. */
final class MigrateCommand {

    private MigrateCommand() {
    }

    static Outcome run(Session session) {
        MigrateResult result = session.flyway().migrate();
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
        var settings = session.settings();
        text.append(System.lineSeparator()).append("Verified: ").append(settings.user()).append(" can log in, read ")
                .append(settings.schemas()).append(", replicate, and publication ").append(settings.publication())
                .append(" covers ").append(settings.scope().settingValue()).append('.');
        return Outcome.of(ExitCode.OK, List.of(), text.toString()).with("applied", applied);
    }
}
