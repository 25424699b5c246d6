package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.precheck.PreCheckReport;
import java.util.Optional;

/**
 * A Flyway callback that has already run the pre-check in the current migrate run. {@link MigrationGuard} finds it
 * among the configuration's callbacks and reuses its report instead of running the same catalog queries again in
 * each of the bundle's Java migrations. Without such a callback (the bundle configured without it) every migration
 * runs the pre-check itself.
 */
public interface PassedPreCheck {

    /** @return the passing report of this migrate run; empty when no pre-check has passed in it yet */
    Optional<PreCheckReport> passedPreCheck();
}
