package db.clickpipes;

import dev.cdcready.clickpipes.callback.BundleCallbacks;
import dev.cdcready.clickpipes.callback.MigrateReport;
import dev.cdcready.clickpipes.migration.PassedPreCheck;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.precheck.Finding;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * The bundle's Flyway callback: pre-check before Flyway writes anything, verification after migrate. Register it by
 * name ({@code -callbacks=db.clickpipes.ClickPipesCallback}) or by slash-separated package ({@code db/clickpipes}).
 */
public class ClickPipesCallback implements Callback, PassedPreCheck {

    private final BundleCallbacks callbacks = new BundleCallbacks();

    @Override
    public boolean supports(Event event, Context context) {
        return BundleCallbacks.EVENTS.contains(event);
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
    public Optional<PreCheckReport> passedPreCheck() {
        return callbacks.passedPreCheck();
    }

    @Override
    public void recordPassedPreCheck(PreCheckReport report) {
        callbacks.recordPassedPreCheck(report);
    }

    @Override
    public void recordStepCheck(String step, List<Finding> findings) {
        callbacks.recordStepCheck(step, findings);
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
