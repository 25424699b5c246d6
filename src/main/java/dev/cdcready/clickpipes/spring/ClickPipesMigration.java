package dev.cdcready.clickpipes.spring;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the bundle when the application context starts, as a Flyway run of its own (own history table, location and
 * callback). Spring Boot treats this bean as a database initializer that runs after the application's own, see
 * {@link ClickPipesDatabaseInitializerDetector}.
 *
 * <p>The bundle's {@link Flyway} is deliberately not a bean: Spring Boot would take a {@code Flyway} bean for the
 * application's own and back off its Flyway auto-configuration, and would add every {@code Callback} or
 * {@code JavaMigration} bean to the application's run.
 */
public class ClickPipesMigration implements InitializingBean {

    private final Flyway flyway;
    private volatile MigrateResult result;

    /**
     * @param dataSource   the database, through its writer endpoint, as a role that may set it up
     * @param placeholders the bundle's settings
     */
    public ClickPipesMigration(DataSource dataSource, Map<String, String> placeholders) {
        this.flyway = ClickPipesFlyway.flyway(Objects.requireNonNull(dataSource, "dataSource"),
                Map.copyOf(placeholders));
    }

    /** Runs the bundle: pre-check, migrate, verify. A refusal fails the context's startup. */
    @Override
    public void afterPropertiesSet() {
        result = flyway.migrate();
    }

    /** @return what the bundle's run did, or null before it ran */
    public MigrateResult result() {
        return result;
    }
}
