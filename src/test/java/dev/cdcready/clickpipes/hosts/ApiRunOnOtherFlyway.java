package dev.cdcready.clickpipes.hosts;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A minimal application that runs the bundle through {@link ClickPipesFlyway} on whatever flyway-core its class path
 * holds. {@link FlywayOtherVersionIT} starts it in a JVM of its own on older Flyways. The password comes from the
 * environment variable CLICKPIPES_PASSWORD, which the bundle reads itself.
 *
 * <p>Arguments: JDBC URL, user, then placeholders as {@code name=value}. Prints what ran, one fact a line.
 */
public final class ApiRunOnOtherFlyway {

    private ApiRunOnOtherFlyway() {
    }

    public static void main(String[] args) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        Map<String, String> placeholders = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            placeholders.put(pair[0], pair[1]);
        }

        MigrateResult result = ClickPipesFlyway.flyway(dataSource, placeholders).migrate();

        System.out.println("flyway-core " + result.flywayVersion + " from "
                + Flyway.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("executed " + result.migrationsExecuted);
        for (MigrateOutput migration : result.migrations) {
            System.out.println("migration " + migration.description);
        }
    }
}
