package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.DocumentedRights;
import dev.cdcready.clickpipes.catalog.RoleRights;
import dev.cdcready.clickpipes.config.Brief;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.CdcReadinessCheck;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.KeylessFix;
import dev.cdcready.clickpipes.precheck.Severity;
import dev.cdcready.clickpipes.step.RoleStep;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-checks a live database against the settings, days after migrate: everything {@link Verifier} checks, plus what
 * drifts while ClickPipes runs — published tables that lost their key, replication slots that stall or pile up WAL,
 * and the replication login itself. Reads only.
 */
public final class DriftCheck {

    /** Retained WAL above this is reported unless the operator sets another limit. */
    public static final String DEFAULT_RETAINED_WAL_LIMIT = "10GB";

    private static final int SAMPLE = Brief.SHOWN;

    private DriftCheck() {
    }

    /**
     * @param connection a connection as the migrating role (or any role that may read the catalog)
     * @param url the JDBC URL, for the replication login
     * @param settings the settings
     * @param retainedWalLimit bytes of WAL a slot may retain before it is an error
     * @return every finding; drift when any is an error
     */
    public static List<Finding> run(Connection connection, String url, ClickPipesSettings settings,
                                    long retainedWalLimit) {
        ServerFacts facts = ServerFactsReader.read(connection);
        List<Finding> findings = new ArrayList<>(Verifier.verify(connection, settings, facts));
        boolean roleUsable = RoleStep.usable(findings);
        Catalog catalog = new Catalog(connection);
        excessRights(catalog, settings, findings);
        // What ClickPipes would miss although every grant holds is drift here: the pipe is (or will be) live.
        findings.addAll(CdcReadinessCheck.judge(catalog, settings, facts,
                settings.platform().orElse(facts.detectedPlatform()), Severity.ERROR));
        if (catalog.publication(settings.publication(), facts.atLeast(15)).exists()) {
            Catalog.Sample keyless = catalog.keylessPublishedTables(settings.publication(), SAMPLE);
            if (!keyless.isEmpty()) {
                findings.add(Finding.error(FindingCode.KEYLESS_TABLES_PUBLISHED, keyless.total() + " table(s) in publication "
                        + settings.publication() + " have neither a primary key nor a replica identity: "
                        + keyless.describe() + ". UPDATE and DELETE on them fail while they are published.",
                        KeylessFix.statements(keyless) + "."));
            }
        }
        findings.addAll(SlotHealth.judge(catalog.pgoutputSlots(facts.atLeast(13)), settings.user(),
                retainedWalLimit));
        if (roleUsable) {
            findings.addAll(ReplicationLogin.prove(url, settings));
            ValidationProbe.run(url, settings).ifPresent(findings::add);
        }
        return findings;
    }

    /** Rights granted to clickpipes_user after the setup, e.g. {@code GRANT pg_write_all_data}: drift too. */
    private static void excessRights(Catalog catalog, ClickPipesSettings settings, List<Finding> findings) {
        List<RoleRights.Right> excess = DocumentedRights.excess(catalog, settings);
        if (!excess.isEmpty()) {
            findings.add(Finding.error(FindingCode.ROLE_EXCESS_RIGHTS, "clickpipes_user " + settings.user() + " holds rights "
                    + "beyond the documented set (LOGIN, replication, BYPASSRLS, read access to "
                    + settings.schemasInBrief() + "): " + DocumentedRights.describe(excess)
                    + ". ClickPipes logs in with all of them.",
                    DocumentedRights.fixes(excess)));
        }
    }

    /** @return whether any finding is an error */
    public static boolean drifted(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
