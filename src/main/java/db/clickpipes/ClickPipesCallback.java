package db.clickpipes;

import dev.cdcready.clickpipes.callback.BundleCallbacks;
import dev.cdcready.clickpipes.callback.MigrateReport;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.migration.PassedPreCheck;
import dev.cdcready.clickpipes.migration.RunSettings;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * The bundle's Flyway callback: pre-check before Flyway writes anything, verification after migrate. Register it by
 * name ({@code -callbacks=db.clickpipes.ClickPipesCallback}) or by slash-separated package ({@code db/clickpipes}).
 */
public class ClickPipesCallback implements Callback, PassedPreCheck, RunSettings {

    private final BundleCallbacks callbacks;

    /** The callback as Flyway creates it from its name: {@code CLICKPIPES_PASSWORD} from the process environment. */
    public ClickPipesCallback() {
        this(System.getenv());
    }

    /**
     * @param environment where {@code CLICKPIPES_PASSWORD} is read from instead of the process environment, so that a
     *     host hands the password over without a Flyway placeholder
     */
    public ClickPipesCallback(Map<String, String> environment) {
        callbacks = new BundleCallbacks(environment);
    }

    @Override
    public boolean supports(Event event, Context context) {
        // Flyway also asks without a context, whether the callback takes the event at all.
        return callbacks.supports(event, context == null ? null : context.getConfiguration());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        callbacks.handle(event, context.getConfiguration(), context.getConnection());
    }

    @Override
    public ClickPipesSettings settings(Configuration configuration) {
        return callbacks.settings(configuration);
    }

    @Override
    public Optional<PreCheckReport> passedPreCheck() {
        return callbacks.passedPreCheck();
    }

    @Override
    public void recordPassedPreCheck(PreCheckReport report) {
        callbacks.recordPassedPreCheck(report);
    }

    @Override
    public void recordStepCheck(String step, List<Finding> findings, Optional<TableCheckpoint> since) {
        callbacks.recordStepCheck(step, findings, since);
    }

    @Override
    public Optional<Connection> validatingConnection() {
        return callbacks.validatingConnection();
    }

    @Override
    public ServerFacts serverFacts(Connection connection) {
        return callbacks.serverFacts(connection);
    }

    /** @return what the last migrate run with this callback repaired and whether its final state was verified */
    public MigrateReport lastMigrate() {
        return callbacks.lastMigrate();
    }

    @Override
    public String getCallbackName() {
        return "clickpipes";
    }
}
