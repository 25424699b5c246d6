package example;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Runs the ClickPipes bundle when the application starts: a Flyway run of its own, through the datasource
 * {@code clickpipes} (the writer endpoint as the master user), after quarkus-flyway has migrated the application's own
 * datasource. Every {@code clickpipes.<setting>} property becomes the bundle's placeholder
 * {@code clickpipes_<setting>}; the password is best left to the environment variable CLICKPIPES_PASSWORD or to
 * {@code clickpipes.password_file}. A refusal throws, and the application does not start.
 *
 * <p>The bundle's own entry point, not quarkus-flyway's configuration of a second datasource, runs it: only
 * {@code ClickPipesFlyway} pins every connection's search_path to pg_catalog before Flyway's first query.
 */
@ApplicationScoped
public class ClickPipesStartup {

    private static final Logger LOG = Logger.getLogger(ClickPipesStartup.class);

    @Inject
    @io.quarkus.agroal.DataSource("clickpipes")
    AgroalDataSource dataSource;

    @Inject
    Config config;

    private volatile MigrateResult result;

    void migrate(@Observes StartupEvent event) {
        Map<String, String> placeholders = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("clickpipes.")) {
                placeholders.put("clickpipes_" + name.substring("clickpipes.".length()),
                        config.getValue(name, String.class));
            }
        }
        result = ClickPipesFlyway.flyway(dataSource, placeholders).migrate();
        LOG.infof("ClickPipes bundle: %d migration(s) applied", result.migrationsExecuted);
    }

    /** @return what the bundle's run did, or null before it ran */
    public MigrateResult result() {
        return result;
    }
}
