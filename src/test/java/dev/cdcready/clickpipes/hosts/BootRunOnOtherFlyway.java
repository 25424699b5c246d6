package dev.cdcready.clickpipes.hosts;

import dev.cdcready.clickpipes.spring.ClickPipesMigration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal Spring Boot application, started by {@link SpringBootLinesIT} in a JVM of its own on whatever Spring Boot
 * and flyway-core its class path holds; arguments are Spring properties ({@code --name=value}). Prints what the
 * bundle's run did, one fact a line.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BootRunOnOtherFlyway {

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BootRunOnOtherFlyway.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).run(args)) {
            MigrateResult result = context.getBean(ClickPipesMigration.class).result();
            System.out.println("flyway-core " + result.flywayVersion + " from "
                    + Flyway.class.getProtectionDomain().getCodeSource().getLocation());
            System.out.println("executed " + result.migrationsExecuted);
            System.out.println("spring-boot " + SpringBootVersion.getVersion());
        }
    }
}
