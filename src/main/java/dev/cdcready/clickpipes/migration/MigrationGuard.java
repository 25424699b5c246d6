package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.connection.ConnectionUrl;
import dev.cdcready.clickpipes.connection.LockTimeout;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.step.StepContext;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Optional;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Runs first in every bundle Java migration: reads and validates the settings, bounds lock waits, and runs the
 * pre-check inside the migration's own transaction — so the bundle refuses a reader, an old server or a role that
 * cannot do the job even when its callback was not registered. When the bundle's callback is registered and its
 * pre-check passed in this migrate run, that report is used instead of asking the catalog again.
 */
public final class MigrationGuard {

    private MigrationGuard() {
    }

    /**
     * @param configuration Flyway's configuration (placeholders are read from it)
     * @param connection the migration's connection
     * @return the context the step runs with
     */
    public static StepContext begin(Configuration configuration, Connection connection) {
        ClickPipesSettings settings = RunSettings.of(configuration);
        LockTimeout.set(connection, settings.lockTimeout());
        Optional<PassedPreCheck> callback = bundleCallback(configuration, PassedPreCheck.class);
        PreCheckReport report = callback.flatMap(PassedPreCheck::passedPreCheck).orElseGet(() -> {
            // The role's migration judges an existing role's password itself, right before it would set it.
            PreCheckReport full = PreCheck.requireBeforeStep(connection, settings, ConnectionUrl.of(connection));
            callback.ifPresent(c -> c.recordPassedPreCheck(full));
            return full;
        });
        return new StepContext(connection, settings, report.facts(),
                settings.platform().orElse(report.facts().detectedPlatform()), new Catalog(connection),
                new ExecutingSink(connection));
    }

    /**
     * The bundle's callback, which holds this run's settings and the full pre-check that passed in this migrate run:
     * reading them again in each of the five Java migrations of the same run would only repeat the same work. The
     * executable asks it for the report of the run too.
     *
     * @param configuration Flyway's configuration
     * @param kind what the callback is looked up as
     * @return the first registered callback of that kind
     */
    public static <T> Optional<T> bundleCallback(Configuration configuration, Class<T> kind) {
        Callback[] callbacks = configuration.getCallbacks();
        if (callbacks == null) {
            return Optional.empty();
        }
        return Arrays.stream(callbacks).filter(kind::isInstance).map(kind::cast).findFirst();
    }
}
