package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.plan.MigrationPlan;
import dev.cdcready.clickpipes.plan.MigrationPlanner;
import dev.cdcready.clickpipes.plan.PlannedMigration;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code plan}: the statements migrate would send now, worked out in a read-only transaction. */
final class PlanCommand {

    private static final String NL = System.lineSeparator();

    private PlanCommand() {
    }

    static Outcome run(Session session) {
        Connection connection = session.connectReadOnly();
        try {
            MigrationPlan plan = MigrationPlanner.plan(session.flyway(), connection, session.settings(),
                    session.url());
            if (plan.refused()) {
                return Outcome.of(ExitCode.REFUSED, plan.preCheck().findings(), "Plan for " + session.shownUrl()
                        + ": migrate would be refused by the pre-check and would write nothing.")
                        .with("migrations", List.of());
            }
            return Outcome.of(ExitCode.OK, plan.preCheck().findings(), render(session.shownUrl(), plan))
                    .with("historyTableExists", plan.historyTableExists())
                    .with("lockTimeout", plan.lockTimeout())
                    .with("migrations", json(plan));
        } finally {
            Session.close(connection);
        }
    }

    private static String render(String url, MigrationPlan plan) {
        if (plan.upToDate()) {
            return "Plan for " + url + ": nothing to do; every migration is applied and matches the settings. "
                    + "Nothing was written.";
        }
        StringBuilder out = new StringBuilder("-- Plan for " + url + ": what migrate would run now. Nothing was "
                + "written." + NL);
        if (!plan.historyTableExists()) {
            out.append("-- Flyway first creates schema ").append(ClickPipesFlyway.HISTORY_SCHEMA)
                    .append(" and its history table ").append(ClickPipesFlyway.HISTORY_TABLE).append('.').append(NL);
        }
        out.append("-- Each migration runs in its own transaction, and each Java migration first runs: SELECT "
                + "pg_catalog.set_config('lock_timeout', '").append(plan.lockTimeout()).append("', true);").append(NL);
        for (PlannedMigration migration : plan.migrations()) {
            out.append(NL).append("-- ").append(migration.label()).append(' ').append(migration.description())
                    .append(" (").append(migration.script()).append(')').append(NL);
            if (migration.statements().isEmpty()) {
                out.append("-- (no statement: already in place; Flyway only records it)").append(NL);
            }
            for (String statement : migration.statements()) {
                out.append(statement).append(statement.endsWith(";") ? "" : ";").append(NL);
            }
        }
        return out.toString().stripTrailing();
    }

    private static List<Object> json(MigrationPlan plan) {
        List<Object> migrations = new ArrayList<>();
        for (PlannedMigration migration : plan.migrations()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", migration.version());
            row.put("description", migration.description());
            row.put("script", migration.script());
            row.put("statements", new ArrayList<Object>(migration.statements()));
            migrations.add(row);
        }
        return migrations;
    }
}
