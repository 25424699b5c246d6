package dev.cdcready.clickpipes.api;

import db.clickpipes.ClickPipesCallback;
import dev.cdcready.clickpipes.config.ReservedSchemas;
import dev.cdcready.clickpipes.connection.PinnedDataSource;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Runs the bundle as its own Flyway run, beside (never inside) an application's migrations.
 *
 * <pre>{@code
 * ClickPipesFlyway.flyway(dataSource, Map.of("clickpipes_schemas", "public,sales")).migrate();
 * }</pre>
 *
 * <p>The bundle keeps its history table {@value #HISTORY_TABLE} in a schema of its own, {@value #HISTORY_SCHEMA},
 * which Flyway creates: a real database's default schema already has tables, and Flyway refuses a new history table
 * in a non-empty schema (baselining instead would skip the bundle's V1).
 */
public final class ClickPipesFlyway {

    /** Where the migrations and the callback are. */
    public static final String LOCATION = "classpath:db/clickpipes";
    /** The bundle's own history table. */
    public static final String HISTORY_TABLE = ReservedSchemas.BUNDLE_HISTORY_TABLE;
    /** The schema the history table lives in, created by Flyway and used for nothing else. */
    public static final String HISTORY_SCHEMA = ReservedSchemas.BUNDLE_HISTORY_SCHEMA;
    /** The callback class, for configurations that name it. */
    public static final String CALLBACK = "db.clickpipes.ClickPipesCallback";

    private ClickPipesFlyway() {
    }

    /**
     * Sets everything the bundle needs on a configuration: location, callback, history table and schema.
     *
     * @param configuration a configuration with a data source and the {@code clickpipes_*} placeholders
     * @return the same configuration
     */
    public static FluentConfiguration configure(FluentConfiguration configuration) {
        return configure(configuration, System.getenv());
    }

    /**
     * Like {@link #configure(FluentConfiguration)}, with the password's environment given instead of the process's:
     * the bundle's callback reads {@code CLICKPIPES_PASSWORD} from it, so the password never becomes a Flyway
     * placeholder (which Flyway's debug output can show).
     *
     * @param configuration a configuration with a data source and the {@code clickpipes_*} placeholders
     * @param environment holds {@code CLICKPIPES_PASSWORD}
     * @return the same configuration
     */
    public static FluentConfiguration configure(FluentConfiguration configuration, Map<String, String> environment) {
        // Flyway's own queries name functions and operators without a schema: on a data source the bundle is given,
        // every connection gets search_path pg_catalog (and a history schema check) before Flyway's first query.
        DataSource dataSource = configuration.getDataSource();
        if (dataSource != null) {
            configuration.dataSource(PinnedDataSource.of(dataSource, HISTORY_SCHEMA));
        }
        return configuration
                .locations(LOCATION)
                .callbacks(new ClickPipesCallback(environment))
                .table(HISTORY_TABLE)
                .schemas(HISTORY_SCHEMA)
                .defaultSchema(HISTORY_SCHEMA)
                .createSchemas(true)
                .baselineOnMigrate(false)
                .validateOnMigrate(true)
                .failOnMissingLocations(true)
                .cleanDisabled(true);
    }

    /**
     * @param dataSource the database, through its writer endpoint, as a role that may set it up
     * @param placeholders the {@code clickpipes_*} settings (the password preferably from CLICKPIPES_PASSWORD)
     * @return a Flyway instance for the bundle alone
     */
    public static Flyway flyway(DataSource dataSource, Map<String, String> placeholders) {
        return configure(Flyway.configure(ClickPipesFlyway.class.getClassLoader())
                .dataSource(dataSource).placeholders(placeholders)).load();
    }
}
