package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.catalog.ByteSize;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.verify.DriftCheck;
import java.sql.Connection;
import java.util.List;

/** {@code verify}: the live database against the settings, read-only; exit 3 on drift. */
final class VerifyCommand {

    private VerifyCommand() {
    }

    static Outcome run(Session session) {
        String limit = session.options().slotWalLimit() != null ? session.options().slotWalLimit()
                : DriftCheck.DEFAULT_RETAINED_WAL_LIMIT;
        long limitBytes = ByteSize.parse("--slot-wal-limit", limit);
        Connection connection = session.connectReadOnly();
        try {
            List<Finding> findings = DriftCheck.run(connection, session.url(), session.settings(), limitBytes);
            boolean drifted = DriftCheck.drifted(findings);
            var settings = session.settings();
            String text = drifted
                    ? "Drift on " + session.shownUrl() + ": the setup no longer matches the settings."
                    : "Verified " + session.shownUrl() + ": " + settings.user() + " can log in and read "
                            + settings.schemasInBrief() + ", may replicate, and publication " + settings.publication()
                            + " covers " + settings.scope().settingValue() + ".";
            return Outcome.of(drifted ? ExitCode.DRIFT : ExitCode.OK, findings, text)
                    .with("slotWalLimitBytes", limitBytes);
        } finally {
            Session.close(connection);
        }
    }
}
