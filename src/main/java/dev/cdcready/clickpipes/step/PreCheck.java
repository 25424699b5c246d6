package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.CdcReadinessCheck;
import dev.cdcready.clickpipes.precheck.Check;
import dev.cdcready.clickpipes.precheck.CheckContext;
import dev.cdcready.clickpipes.precheck.ConfigurationCheck;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.IamCheck;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.precheck.SearchPathCheck;
import dev.cdcready.clickpipes.precheck.Severity;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, before anything is written, whether this server and this migrating role can be made a ClickPipes source
 * with these settings: what each guide step requires, and the concerns of no single step (settings, the search_path,
 * IAM, what ClickPipes would miss). It only reads.
 */
public final class PreCheck {

    private static final List<Check> AFTER_SERVER = List.of(
            new ConfigurationCheck(), RoleStep::requirePrivileges, ReplicationStep::require, SchemaAccessStep::require,
            PublicationStep::require, RoleStep::requireAdoptable, new SearchPathCheck(), new IamCheck(),
            new CdcReadinessCheck());

    private PreCheck() {
    }

    /**
     * @param connection a connection as the migrating role
     * @param settings validated settings
     * @param jdbcUrl the URL the connection came from (its host names are judged too); may be null
     * @return every finding
     */
    public static PreCheckReport run(Connection connection, ClickPipesSettings settings, String jdbcUrl) {
        return check(connection, settings, jdbcUrl, true, true, false);
    }

    /**
     * The pre-check where the bundle's role migration may already have run in this database: the password of an
     * existing clickpipes_user is judged (a login) only while it has not, because only that migration may set it. A
     * later run that merely adds grants is not refused because clickpipes_user cannot log in from the migrating host.
     *
     * @param judgePassword whether to log in as an existing clickpipes_user with the configured password
     * @return every finding
     */
    public static PreCheckReport run(Connection connection, ClickPipesSettings settings, String jdbcUrl,
                                     boolean judgePassword) {
        return check(connection, settings, jdbcUrl, true, judgePassword, false);
    }

    /**
     * The server part alone — writer, version, logical replication, endpoint: no query beyond the server's facts,
     * whatever the number of tables. Enough when nothing will be written; see {@code BundleCallbacks}. It judges facts
     * already read on this connection in this run: none of what it judges changes within a session (a writer does not
     * become a reader without a restart, which ends the session; {@code wal_level} needs a restart too).
     *
     * @param facts the server's facts, read on {@code connection}
     * @return the passing report (it may hold warnings)
     * @throws PreCheckRefusedException when any finding is an error
     */
    public static PreCheckReport requireServer(Connection connection, ServerFacts facts, ClickPipesSettings settings,
                                               String jdbcUrl) {
        return passed(check(connection, facts, settings, jdbcUrl, false, false, false));
    }

    /**
     * Runs the pre-check and throws when it refuses.
     *
     * @return the passing report (it may hold warnings)
     * @throws PreCheckRefusedException when any finding is an error
     */
    public static PreCheckReport require(Connection connection, ClickPipesSettings settings, String jdbcUrl) {
        return passed(run(connection, settings, jdbcUrl));
    }

    /**
     * As {@link #require(Connection, ClickPipesSettings, String)}, without judging the password of an existing
     * clickpipes_user: for a bundle migration, where the role's own migration judges it before it writes.
     */
    public static PreCheckReport requireBeforeStep(Connection connection, ClickPipesSettings settings,
                                                   String jdbcUrl) {
        return passed(check(connection, settings, jdbcUrl, true, false, true));
    }

    private static PreCheckReport check(Connection connection, ClickPipesSettings settings, String jdbcUrl,
                                        boolean whole, boolean judgePassword, boolean beforeStep) {
        return check(connection, ServerFactsReader.read(connection), settings, jdbcUrl, whole, judgePassword,
                beforeStep);
    }

    private static PreCheckReport check(Connection connection, ServerFacts facts, ClickPipesSettings settings,
                                        String jdbcUrl, boolean whole, boolean judgePassword, boolean beforeStep) {
        Platform platform = settings.platform().orElse(facts.detectedPlatform());
        CheckContext context = new CheckContext(settings, facts, platform, new Catalog(connection), jdbcUrl,
                judgePassword, beforeStep);
        List<Finding> findings = new ArrayList<>();
        new ServerStep().run(context, findings);
        // A reader, an old server or one without logical replication makes every later question moot.
        if (whole && findings.stream().noneMatch(f -> f.severity() == Severity.ERROR)) {
            AFTER_SERVER.forEach(check -> check.run(context, findings));
        }
        return new PreCheckReport(facts, findings);
    }

    private static PreCheckReport passed(PreCheckReport report) {
        if (!report.passed()) {
            throw new PreCheckRefusedException(report);
        }
        return report;
    }
}
