package dev.cdcready.clickpipes.plan;

import db.clickpipes.R__Grant_schema_access;
import db.clickpipes.R__Maintain_publication;
import db.clickpipes.V2__Create_replication_role;
import db.clickpipes.V3__Set_replication_role_password;
import db.clickpipes.V4__Grant_replication_privilege;
import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.callback.HistoryTableGuard;
import dev.cdcready.clickpipes.catalog.BundleHistory;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.step.PublicationStep;
import dev.cdcready.clickpipes.step.RecordingSink;
import dev.cdcready.clickpipes.step.ReplicationStep;
import dev.cdcready.clickpipes.step.RoleStep;
import dev.cdcready.clickpipes.step.SchemaAccessStep;
import dev.cdcready.clickpipes.step.StepContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Works out the statements migrate would send, by running the bundle's steps against the live catalog with a
 * {@link RecordingSink}. Flyway's own dry run is a paid feature; this one needs no licence and writes nothing: the
 * caller gives a connection in a read-only transaction.
 */
public final class MigrationPlanner {

    /** The Java migrations by the name Flyway records, and the step each runs. */
    private static final Map<String, Consumer<StepContext>> JAVA_STEPS = Map.of(
            V2__Create_replication_role.class.getName(), RoleStep::apply,
            V3__Set_replication_role_password.class.getName(), RoleStep::passwordSetWithRole,
            V4__Grant_replication_privilege.class.getName(), ReplicationStep::apply,
            R__Grant_schema_access.class.getName(), SchemaAccessStep::apply,
            R__Maintain_publication.class.getName(), PublicationStep::apply);

    private MigrationPlanner() {
    }

    /**
     * @param flyway the bundle's Flyway (see {@code ClickPipesFlyway}); only {@code info()} is called
     * @param connection a connection in a read-only transaction, as the migrating role
     * @param settings the settings
     * @param url the JDBC URL, for the pre-check's endpoint checks
     * @return the plan
     */
    public static MigrationPlan plan(Flyway flyway, Connection connection, ClickPipesSettings settings, String url) {
        PreCheckReport report = PreCheck.run(connection, settings, url, !BundleHistory.roleMigrationApplied(
                new Catalog(connection), HistoryTableGuard.schemaOf(flyway.getConfiguration()),
                flyway.getConfiguration().getTable()));
        MigrationInfo[] all = flyway.info().all();
        boolean historyTableExists = historyTableExists(new Catalog(connection), flyway);
        if (!report.passed()) {
            return new MigrationPlan(report, historyTableExists, settings.lockTimeout(), List.of());
        }
        Catalog catalog = new Catalog(connection);
        List<PlannedMigration> planned = new ArrayList<>();
        for (MigrationInfo migration : all) {
            if (migration.getState() != MigrationState.PENDING) {
                continue;
            }
            List<String> statements = statementsOf(migration, connection, settings, report, catalog);
            planned.add(new PlannedMigration(migration.getVersion() == null ? "" : migration.getVersion()
                    .getVersion(), migration.getDescription(), migration.getScript(), statements));
        }
        return new MigrationPlan(report, historyTableExists, settings.lockTimeout(), planned);
    }

    private static List<String> statementsOf(MigrationInfo migration, Connection connection,
                                             ClickPipesSettings settings, PreCheckReport report, Catalog catalog) {
        Consumer<StepContext> step = JAVA_STEPS.get(migration.getScript());
        if (step == null) {
            return List.of(sqlScript(migration.getScript()));
        }
        RecordingSink sink = new RecordingSink();
        step.accept(new StepContext(connection, settings, report.facts(),
                settings.platform().orElse(report.facts().detectedPlatform()), catalog, sink));
        return sink.statements();
    }

    private static boolean historyTableExists(Catalog catalog, Flyway flyway) {
        return catalog.tableExists(HistoryTableGuard.schemaOf(flyway.getConfiguration()),
                flyway.getConfiguration().getTable());
    }

    private static String sqlScript(String script) {
        try (InputStream in = MigrationPlanner.class.getClassLoader().getResourceAsStream("db/clickpipes/" + script)) {
            if (in == null) {
                throw new ClickPipesException("Migration " + script + " is pending, but it is not one of the "
                        + "bundle's: the history table or the location holds something else.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ClickPipesException("Could not read " + script + " from the bundle jar: " + e.getMessage(), e);
        }
    }
}
