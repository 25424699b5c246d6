package dev.cdcready.clickpipes.callback;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.connection.ConnectionUrl;
import dev.cdcready.clickpipes.connection.HistorySchemaGuard;
import dev.cdcready.clickpipes.migration.EffectiveSettingsMigration;
import dev.cdcready.clickpipes.migration.ExecutingSink;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.migration.PassedPreCheck;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.PoolerCheck;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.step.PasswordRotation;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import dev.cdcready.clickpipes.verify.VerificationFailedException;
import dev.cdcready.clickpipes.verify.Verifier;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * The bundle's work at Flyway's events. Flyway creates the history table's schema and table after
 * {@code BEFORE_VALIDATE} and {@code BEFORE_CREATE_SCHEMA} but before {@code BEFORE_MIGRATE}, so the pre-check runs at
 * the earliest of those that fires: it refuses before Flyway itself writes anything.
 *
 * <p>What a run pays for depends on what it writes. A first run (no history table yet) gets the full pre-check here.
 * Once the history table exists, Flyway writes nothing of its own, so this callback checks only the server (writer,
 * version, logical replication: one query) and the first bundle migration that really runs does the full pre-check
 * before it writes (see {@code MigrationGuard}).
 *
 * <p>Every migrate ends verified on its final state, or says it is not. When a migration was applied, the
 * verification runs after it. When nothing was applied, the repeatable steps' checks already ran on this very state
 * while Flyway resolved their checksums (that is how drift makes them pending, see
 * {@code EffectiveSettingsChecksum}); their findings are recorded here and stand as the verification, so a
 * migrate with nothing pending — what an embedded application pays at every start — makes one pass over the tables,
 * not two.
 */
public final class BundleCallbacks {

    private static final Log LOG = LogFactory.getLog(BundleCallbacks.class);

    /** The events the bundle acts on. */
    public static final List<Event> EVENTS = List.of(Event.BEFORE_VALIDATE, Event.AFTER_VALIDATE,
            Event.AFTER_VALIDATE_ERROR, Event.BEFORE_CREATE_SCHEMA, Event.BEFORE_MIGRATE, Event.BEFORE_EACH_MIGRATE,
            Event.AFTER_EACH_MIGRATE, Event.AFTER_MIGRATE, Event.AFTER_MIGRATE_ERROR,
            Event.AFTER_MIGRATE_OPERATION_FINISH);

    private boolean checkedThisMigrate;
    /**
     * Whether this run found the history table already there at BEFORE_CREATE_SCHEMA and guarded it there: Flyway
     * creates nothing after that, so BEFORE_MIGRATE has nothing left to do.
     */
    private boolean historyExistedThisRun;
    /** Whether this run already made sure that it does not go through a transaction pooler. */
    private boolean sessionsChecked;
    /** This migrate run's full passing pre-check, for its Java migrations (see {@link PassedPreCheck}). */
    private PreCheckReport passed;
    /** Migrations applied in this migrate run. */
    private int applied;
    /** Each repeatable step's findings from its checksum in this run; a null value: its checks did not run. */
    private final Map<String, List<Finding>> stepChecks = new HashMap<>();
    /** The checkpoint since which those checks read only the changed tables; null when they read every table. */
    private TableCheckpoint checkedSince;
    /** Where {@code CLICKPIPES_PASSWORD} is read: the host's environment, never a Flyway placeholder. */
    private final Map<String, String> environment;
    /** This run's settings and the placeholders they were read from; null until first needed in the run. */
    private ClickPipesSettings runSettings;
    private Map<String, String> runPlaceholders;
    /** What the last migrate run repaired and whether its final state was verified. */
    private MigrateReport report = MigrateReport.NOT_RUN;
    /** Flyway's connection while it validates (and resolves the steps' checksums); null outside validation. */
    private Connection validating;
    /**
     * Whether this run's end is reported at AFTER_MIGRATE_OPERATION_FINISH instead of AFTER_MIGRATE (see
     * {@link #supports}).
     */
    private boolean endsAtOperationFinish;
    /**
     * The connection on which BEFORE_VALIDATE found the history table and guarded it (Flyway creates nothing before it
     * migrates); null when it did not. A connection, not a flag: one of an earlier command must not count.
     */
    private Connection historyGuardedOn;
    /** The server's facts as read on {@link #factsConnection} in this run (see {@link #serverFacts}). */
    private ServerFacts facts;
    private Connection factsConnection;

    /** @param environment where {@code CLICKPIPES_PASSWORD} is read from (the process environment, or the host's) */
    public BundleCallbacks(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * This run's settings, read once: the guard, the checksums and the callback's own events all ask for them.
     *
     * @param configuration Flyway's configuration (the {@code clickpipes_*} placeholders)
     * @return the validated settings
     */
    public synchronized ClickPipesSettings settings(Configuration configuration) {
        Map<String, String> placeholders = configuration.getPlaceholders();
        if (runSettings == null || !placeholders.equals(runPlaceholders)) {
            runSettings = SettingsReader.read(placeholders, environment);
            runPlaceholders = new HashMap<>(placeholders);
        }
        return runSettings;
    }

    /**
     * @param event the Flyway event
     * @param configuration Flyway's configuration
     * @param connection the connection Flyway hands the callback
     */
    public synchronized void handle(Event event, Configuration configuration, Connection connection) {
        switch (event) {
            case BEFORE_VALIDATE -> {
                // A new run: never hand a report of an earlier run to this one's migrations. Flyway resolves the
                // steps' checksums after this event, so their checks are recorded after the reset; checks recorded
                // before it would only be lost, and the run would then verify in full at its end.
                forgetRun();
                report = MigrateReport.NOT_RUN;
                runSettings = null;
                // Before Flyway creates its history table in a schema that exists: settings that grant that schema
                // are refused first (no query needed).
                checkedSettings(configuration);
                historyGuardedOn = guardHistoryTable(configuration, connection) ? connection : null;
                validating = connection;
            }
            case AFTER_VALIDATE, AFTER_VALIDATE_ERROR -> validating = null;
            case BEFORE_CREATE_SCHEMA -> {
                // Flyway fires this on every migrate with createSchemas, not only when it creates the schema: the
                // pooler question waits for the first write, which without a history table is Flyway's own.
                boolean historyExists = historyTableExists(configuration, connection);
                if (historyExists && historyGuardedOn != connection) {
                    // Created since BEFORE_VALIDATE (or validation did not run): guarded before Flyway reads it. A
                    // table guarded there is not read again: its schema admits no role the guard does not trust.
                    guardHistoryTable(configuration, connection);
                } else if (!historyExists) {
                    requireDirectSessions(configuration);
                }
                passed = null;
                applied = 0;
                passed = preCheck(configuration, connection, historyExists);
                checkedThisMigrate = true;
                historyExistedThisRun = historyExists;
            }
            case BEFORE_MIGRATE -> {
                guardHistoryTable(configuration, connection);
                if (!checkedThisMigrate) {
                    passed = null;
                    applied = 0;
                    passed = preCheck(configuration, connection, historyTableExists(configuration, connection));
                }
                checkedThisMigrate = false;
            }
            // Before the first write of the run, not at its first event: a run with nothing pending writes nothing
            // and need not open two more connections to ask.
            case BEFORE_EACH_MIGRATE -> requireDirectSessions(configuration);
            case AFTER_EACH_MIGRATE -> applied++;
            case AFTER_MIGRATE -> end(configuration, connection);
            case AFTER_MIGRATE_OPERATION_FINISH -> {
                if (endsAtOperationFinish) {
                    // Nothing was applied and every step's check at the start found nothing: no query is sent.
                    endsAtOperationFinish = false;
                    end(configuration, null);
                }
            }
            case AFTER_MIGRATE_ERROR -> {
                forgetRun();
                report = MigrateReport.NOT_RUN;
            }
            default -> {
                // Not an event the bundle registered for.
            }
        }
    }

    /**
     * Flyway's own connection while it validates, which is when it resolves the repeatable steps' checksums: their
     * drift checks run on it instead of opening a connection each (a start with nothing pending pays for every
     * connection). Its history schema was checked at BEFORE_VALIDATE, and the checks only read, with every object
     * qualified.
     *
     * @return the connection, only between BEFORE_VALIDATE and the end of validation
     */
    public synchronized Optional<Connection> validatingConnection() {
        return Optional.ofNullable(validating);
    }

    /**
     * Flyway opens a connection of its own for each migrate event a callback takes (BEFORE_MIGRATE, AFTER_MIGRATE).
     * BEFORE_MIGRATE is left out when this run found the history table at BEFORE_CREATE_SCHEMA: the table and its
     * schema were guarded and the server checked right there, on Flyway's main connection, and each migration that
     * runs does the full pre-check before it writes. It is kept on a first run (Flyway has just created the schema and
     * table: they are guarded again, closing the window between the check and the creation) and where Flyway does not
     * create schemas (no BEFORE_CREATE_SCHEMA: the pre-check runs there).
     *
     * <p>AFTER_MIGRATE is left out when the run's end needs no query — nothing was applied, every step's check at the
     * start found nothing (they stand as the verification), and no password rotation was asked for — which is what
     * an application's start with nothing pending is: the end is reported at AFTER_MIGRATE_OPERATION_FINISH, which
     * Flyway hands the connection it already has.
     *
     * @param event a Flyway event
     * @param configuration Flyway's configuration; null when Flyway asks outside a run whether the bundle takes the
     *     event at all
     * @return whether the bundle acts on it in the current run
     */
    public synchronized boolean supports(Event event, Configuration configuration) {
        if (!EVENTS.contains(event)) {
            return false;
        }
        if (configuration == null) {
            return true;
        }
        return switch (event) {
            case BEFORE_MIGRATE -> !historyExistedThisRun;
            case AFTER_MIGRATE -> {
                endsAtOperationFinish = endNeedsNoQuery(configuration);
                yield !endsAtOperationFinish;
            }
            case AFTER_MIGRATE_OPERATION_FINISH -> endsAtOperationFinish;
            default -> true;
        };
    }

    /** @return the report of the full pre-check that passed in the current migrate run, if any */
    public synchronized Optional<PreCheckReport> passedPreCheck() {
        return Optional.ofNullable(passed);
    }

    /** @param report a full pre-check a migration of this run ran and passed */
    public synchronized void recordPassedPreCheck(PreCheckReport report) {
        passed = report;
    }

    /**
     * @param step a repeatable step
     * @param findings what its checks found while Flyway resolved its checksum; null when they did not run
     * @param since the checkpoint since which they read only the changed tables; empty when they read every table
     */
    public synchronized void recordStepCheck(String step, List<Finding> findings, Optional<TableCheckpoint> since) {
        stepChecks.put(step, findings == null ? null : List.copyOf(findings));
        since.ifPresent(checkpoint -> checkedSince = checkpoint);
    }

    /** @return what the last migrate run repaired and whether its final state was verified */
    public synchronized MigrateReport lastMigrate() {
        return report;
    }

    /**
     * Two connections of Flyway's own data source, once per run before its first write (the history schema's creation
     * or the first migration): through a transaction pooler Flyway's connection and the bundle's checks would not even
     * be one session (see {@link PoolerCheck}).
     */
    private void requireDirectSessions(Configuration configuration) {
        DataSource dataSource = configuration.getDataSource();
        if (!sessionsChecked && dataSource != null && !PoolerCheck.alreadyProven(dataSource)) {
            PoolerCheck.requireDirectSessions(dataSource::getConnection);
            sessionsChecked = true;
        }
    }

    /** @return whether the history table exists (and was guarded) */
    private static boolean guardHistoryTable(Configuration configuration, Connection connection) {
        // Hosts such as the Flyway CLI hand over a connection the bundle did not open: check the schema here.
        HistorySchemaGuard.require(connection, HistoryTableGuard.schemaOf(configuration));
        return HistoryTableGuard.requireBundleOnly(connection, HistoryTableGuard.schemaOf(configuration),
                configuration.getTable());
    }

    /**
     * The server's facts, read once per run on Flyway's main connection: both steps' drift checks (while Flyway
     * validates) and the server check at BEFORE_CREATE_SCHEMA ask for them there. None of what they judge changes
     * within a session.
     *
     * @param connection a connection of this run
     * @return the facts as read on that connection
     */
    public synchronized ServerFacts serverFacts(Connection connection) {
        if (facts == null || factsConnection != connection) {
            facts = ServerFactsReader.read(connection);
            factsConnection = connection;
        }
        return facts;
    }

    /**
     * Forgets everything the current run learnt — its passing pre-check, the guarded and validating connections, the
     * server's facts, the steps' checks and how many migrations it applied — so that none of it counts in another run.
     * The last run's report stays for {@link #lastMigrate}.
     */
    private void forgetRun() {
        passed = null;
        applied = 0;
        checkedThisMigrate = false;
        historyExistedThisRun = false;
        endsAtOperationFinish = false;
        sessionsChecked = false;
        historyGuardedOn = null;
        validating = null;
        stepChecks.clear();
        checkedSince = null;
        facts = null;
        factsConnection = null;
    }

    /**
     * @return the full report on a first run; null once the history table exists, after the server part passed
     *     (the first migration that runs does the rest)
     */
    private PreCheckReport preCheck(Configuration configuration, Connection connection, boolean historyExists) {
        ClickPipesSettings settings = checkedSettings(configuration);
        String url = ConnectionUrl.of(connection);
        if (historyExists) {
            PreCheckReport server = PreCheck.requireServer(connection, serverFacts(connection), settings, url);
            server.warnings().forEach(w -> LOG.warn("ClickPipes pre-check: " + w.render()));
            LOG.info("ClickPipes pre-check of the server passed on " + describe(server) + "; a migration that runs "
                    + "checks the rest before it writes");
            return null;
        }
        PreCheckReport report = PreCheck.require(connection, settings, url);
        report.warnings().forEach(w -> LOG.warn("ClickPipes pre-check: " + w.render()));
        LOG.info("ClickPipes pre-check passed on " + describe(report));
        return report;
    }

    /** The settings, refused as well when they grant the schema this Flyway configuration keeps its history in. */
    private ClickPipesSettings checkedSettings(Configuration configuration) {
        return SettingsReader.requireHistorySchemaNotGranted(settings(configuration),
                HistoryTableGuard.schemaOf(configuration));
    }

    private static String describe(PreCheckReport report) {
        return report.facts().detectedPlatform().settingValue() + " PostgreSQL " + report.facts().version() + " as "
                + report.facts().currentUser();
    }

    private static boolean historyTableExists(Configuration configuration, Connection connection) {
        return new Catalog(connection).tableExists(HistoryTableGuard.schemaOf(configuration),
                configuration.getTable());
    }

    /**
     * {@code clickpipes_rotate_password=true} on a database where the role's migration ran long ago: the Flyway
     * hosts' way to ask for what the executable's rotate-password command does. Nothing is sent when the configured
     * password already logs in (as after the role's migration of this run set it).
     */
    private void rotatePasswordIfAsked(Configuration configuration, Connection connection) {
        ClickPipesSettings settings = settings(configuration);
        if (settings.rotatePassword() && settings.password().isConfigured()
                && new Catalog(connection).role(settings.user()).exists()
                && PasswordRotation.ifAsked(connection, settings, new ExecutingSink(connection))) {
            LOG.warn("ClickPipes: replaced the password of " + settings.user() + " as " + Placeholders.ROTATE_PASSWORD
                    + " asked. The role is shared by every database on this server: give every ClickPipe that uses "
                    + "it the new password.");
        }
    }

    /** The end of a migrate run that succeeded: the password rotation asked for, then the verification. */
    private void end(Configuration configuration, Connection connection) {
        try {
            rotatePasswordIfAsked(configuration, connection);
            report = verify(configuration, connection);
        } finally {
            forgetRun();
        }
    }

    /** Whether the run's end would send nothing: the checks at its start stand as the verification, no rotation. */
    private boolean endNeedsNoQuery(Configuration configuration) {
        if (!checkedAtStart()) {
            return false;
        }
        try {
            return !settings(configuration).rotatePassword();
        } catch (RuntimeException e) {
            // Settings that do not read are refused at AFTER_MIGRATE, with their message.
            return false;
        }
    }

    /** Nothing was applied, and every repeatable step's checks ran at the start of this run and found nothing. */
    private boolean checkedAtStart() {
        return applied == 0 && EffectiveSettingsMigration.STEPS.stream()
                .allMatch(step -> stepChecks.get(step) != null && stepChecks.get(step).isEmpty());
    }

    /**
     * Verifies the final state, or takes the steps' checks of this run as the verification when nothing was applied
     * after them: they are Verifier's checks on the same state.
     *
     * @param connection null only when {@link #checkedAtStart()} holds
     */
    private MigrateReport verify(Configuration configuration, Connection connection) {
        ClickPipesSettings settings = checkedSettings(configuration);
        List<String> repaired = stepChecks.values().stream().filter(Objects::nonNull)
                .flatMap(List::stream).map(Finding::message).toList();
        if (applied > 0 && !repaired.isEmpty()) {
            LOG.info("ClickPipes repaired drift: " + String.join(" ", repaired));
        }
        boolean checkedAtStart = checkedAtStart();
        if (!checkedAtStart) {
            Verifier.Verification verification = Verifier.run(connection, settings);
            if (!verification.findings().isEmpty()) {
                throw new VerificationFailedException(verification.findings());
            }
            verification.checkpoint().ifPresent(checkpoint -> checkpoint.write(connection,
                    HistoryTableGuard.schemaOf(configuration), configuration.getTable(), settings));
        }
        String verified = settings.user() + " has LOGIN and the replication privilege, may read every table of "
                + settings.schemasInBrief() + " (USAGE, SELECT, default privileges for every owner), and publication "
                + settings.publication() + " covers " + settings.scope().settingValue() + " with every operation, "
                + "whole rows" + (checkedAtStart ? " (nothing was applied: checked at the start of this run, on the "
                + "state it ends with" + (checkedSince == null ? "" : "; the tables were read where their catalog "
                + "rows changed since migrate verified all of them at " + checkedSince.checkedAt()) + ")" : "")
                + ". The replication login itself is tried by the verify command.";
        LOG.info("ClickPipes verification passed: " + verified);
        return new MigrateReport(applied > 0 ? repaired : List.of(), Optional.of(verified));
    }
}
