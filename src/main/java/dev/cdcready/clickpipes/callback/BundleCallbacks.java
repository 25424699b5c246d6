package dev.cdcready.clickpipes.callback;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.migration.PassedPreCheck;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.PreCheck;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.verify.VerificationFailedException;
import dev.cdcready.clickpipes.verify.Verifier;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * The bundle's work at Flyway's events. Flyway creates the history table's schema and table after
 * {@code BEFORE_VALIDATE} and {@code BEFORE_CREATE_SCHEMA} but before {@code BEFORE_MIGRATE}, so the pre-check runs at
 * the earliest of those that fires: it refuses before Flyway itself writes anything.
 */
public final class BundleCallbacks {

    private static final Log LOG = LogFactory.getLog(BundleCallbacks.class);

    /** The events the bundle acts on. */
    public static final List<Event> EVENTS = List.of(Event.BEFORE_VALIDATE, Event.BEFORE_CREATE_SCHEMA,
            Event.BEFORE_MIGRATE, Event.AFTER_MIGRATE, Event.AFTER_MIGRATE_ERROR);

    private boolean checkedThisMigrate;
    /** The report of this migrate run's passing pre-check, for the Java migrations (see {@link PassedPreCheck}). */
    private PreCheckReport passed;

    /**
     * @param event the Flyway event
     * @param configuration Flyway's configuration
     * @param connection the connection Flyway hands the callback
     */
    public synchronized void handle(Event event, Configuration configuration, Connection connection) {
        switch (event) {
            case BEFORE_VALIDATE -> {
                // A new run: never hand a report of an earlier run to this one's migrations.
                passed = null;
                guardHistoryTable(configuration, connection);
            }
            case BEFORE_CREATE_SCHEMA -> {
                passed = null;
                passed = preCheck(configuration, connection);
                checkedThisMigrate = true;
            }
            case BEFORE_MIGRATE -> {
                guardHistoryTable(configuration, connection);
                if (!checkedThisMigrate) {
                    passed = null;
                    passed = preCheck(configuration, connection);
                }
                checkedThisMigrate = false;
            }
            case AFTER_MIGRATE -> {
                passed = null;
                verify(configuration, connection);
            }
            case AFTER_MIGRATE_ERROR -> {
                passed = null;
                checkedThisMigrate = false;
            }
            default -> {
                // Not an event the bundle registered for.
            }
        }
    }

    private static void guardHistoryTable(Configuration configuration, Connection connection) {
        String schema = configuration.getDefaultSchema() != null ? configuration.getDefaultSchema()
                : configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : null;
        HistoryTableGuard.requireBundleOnly(connection, schema, configuration.getTable());
    }

    /** @return the report of the pre-check that passed in the current migrate run, if any */
    public synchronized Optional<PreCheckReport> passedPreCheck() {
        return Optional.ofNullable(passed);
    }

    private static PreCheckReport preCheck(Configuration configuration, Connection connection) {
        ClickPipesSettings settings = SettingsReader.read(configuration.getPlaceholders(), System.getenv());
        PreCheckReport report = PreCheck.require(connection, settings, MigrationGuard.jdbcUrl(connection));
        for (Finding warning : report.warnings()) {
            LOG.warn("ClickPipes pre-check: " + warning.render());
        }
        LOG.info("ClickPipes pre-check passed on " + report.facts().detectedPlatform().settingValue() + " PostgreSQL "
                + report.facts().version() + " as " + report.facts().currentUser());
        return report;
    }

    private static void verify(Configuration configuration, Connection connection) {
        ClickPipesSettings settings = SettingsReader.read(configuration.getPlaceholders(), System.getenv());
        List<Finding> problems = Verifier.verify(connection, settings);
        if (!problems.isEmpty()) {
            throw new VerificationFailedException(problems);
        }
        LOG.info("ClickPipes verification passed: " + settings.user() + " can read " + settings.schemas()
                + " and replicate through publication " + settings.publication());
    }
}
