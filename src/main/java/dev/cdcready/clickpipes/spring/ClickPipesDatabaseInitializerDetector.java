package dev.cdcready.clickpipes.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Tells Spring Boot that {@link ClickPipesMigration} initializes the database. Boot makes each detector's initializers
 * depend on those of the detectors ordered before it, and every bean that needs an initialized database (JdbcTemplate,
 * JPA) depend on all of them. Ordered last, the bundle runs after the application's Flyway ({@code flyway} and
 * {@code flywayInitializer}, orders 0 and 1) and SQL scripts ({@code LOWEST_PRECEDENCE - 100}) — the schemas and tables
 * it grants on exist by then — and before the application uses the database. Registered in
 * {@code META-INF/spring.factories}.
 */
class ClickPipesDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(ClickPipesMigration.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
