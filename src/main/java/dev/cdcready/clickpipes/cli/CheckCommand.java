package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.catalog.BundleHistory;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.step.PreCheck;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code check}: the pre-check alone, in a read-only transaction. */
final class CheckCommand {

    private CheckCommand() {
    }

    static Outcome run(Session session) {
        Connection connection = session.connectReadOnly();
        try {
            PreCheckReport report = PreCheck.run(connection, session.settings(), session.url(),
                    !BundleHistory.roleMigrationApplied(new Catalog(connection), ClickPipesFlyway.HISTORY_SCHEMA,
                            ClickPipesFlyway.HISTORY_TABLE));
            String text = "Pre-check of " + session.shownUrl() + " as " + report.facts().currentUser() + " (PostgreSQL "
                    + report.facts().version() + ", " + report.facts().detectedPlatform().settingValue() + "): "
                    + (report.passed() ? "migrate may run." : "migrate would be refused; nothing was written.");
            return Outcome.of(report.passed() ? ExitCode.OK : ExitCode.REFUSED, report.findings(), text)
                    .with("server", server(report));
        } finally {
            Session.close(connection);
        }
    }

    static Map<String, Object> server(PreCheckReport report) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("version", report.facts().version());
        server.put("platform", report.facts().detectedPlatform().settingValue());
        server.put("user", report.facts().currentUser());
        return server;
    }
}
