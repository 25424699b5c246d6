package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * A Flyway callback that holds this run's settings, read once, with the password source its host gave it. Through
 * it a host that owns the configuration (the executable, {@code ClickPipesFlyway}) hands the bundle
 * {@code CLICKPIPES_PASSWORD} without a Flyway placeholder, which Flyway's debug output can show.
 */
public interface RunSettings {

    /**
     * @param configuration Flyway's configuration (the {@code clickpipes_*} placeholders)
     * @return the validated settings of the current run
     */
    ClickPipesSettings settings(Configuration configuration);

    /**
     * @param configuration Flyway's configuration
     * @return the settings from the bundle's callback; without it (a host that did not register it) from the
     *     placeholders and the process environment
     */
    static ClickPipesSettings of(Configuration configuration) {
        return MigrationGuard.bundleCallback(configuration, RunSettings.class)
                .map(callback -> callback.settings(configuration))
                .orElseGet(() -> SettingsReader.read(configuration.getPlaceholders(), System.getenv()));
    }
}
