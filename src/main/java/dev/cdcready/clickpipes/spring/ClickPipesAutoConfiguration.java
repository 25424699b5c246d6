package dev.cdcready.clickpipes.spring;

import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs the bundle when the application starts, if {@code clickpipes.enabled=true}: a separate Flyway run with its own
 * history table, after the application's own migrations (see {@link ClickPipesDatabaseInitializerDetector}).
 * Registered in {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, which Boot 3
 * and Boot 4 both read.
 *
 * <p>One jar serves Boot 3.5, 4.0 and 4.1: everything here is in packages both lines share, and the classes that moved
 * (Boot 4 split DataSource and Flyway into modules of their own) are named, not referenced, so a name the running Boot
 * does not have orders nothing and fails nothing.
 */
@AutoConfiguration(afterName = {
        // Boot 4
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        // Boot 3
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer")
@ConditionalOnProperty(prefix = "clickpipes", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(ClickPipesProperties.class)
// Registers Boot's ordering of database initializers even when the application's Flyway auto-configuration is off.
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class ClickPipesAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClickPipesMigration clickPipesMigration(ClickPipesProperties properties, ObjectProvider<DataSource> dataSources) {
        Map<String, String> placeholders = properties.placeholders(System.getenv());
        return new ClickPipesMigration(dataSource(properties, dataSources), placeholders);
    }

    private static DataSource dataSource(ClickPipesProperties properties, ObjectProvider<DataSource> dataSources) {
        ClickPipesProperties.Connection own = properties.datasource();
        if (own != null && own.url() != null && !own.url().isBlank()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(own.url());
            dataSource.setUser(own.username());
            dataSource.setPassword(own.password());
            return dataSource;
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("clickpipes.enabled is true, but the application has no single DataSource"
                    + " for the ClickPipes bundle. Set clickpipes.datasource.url (and username, password) to the"
                    + " writer endpoint, or mark one DataSource @Primary.");
        }
        return dataSource;
    }
}
