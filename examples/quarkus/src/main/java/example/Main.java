package example;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Only for this example: starts (which runs the migrations), prints what the bundle did and exits. A real application
 * has no such main; {@link ClickPipesStartup} is all it needs.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    ClickPipesStartup clickPipes;

    @Override
    public int run(String... args) {
        MigrateResult result = clickPipes.result();
        System.out.println("flyway-core " + result.flywayVersion + " from "
                + Flyway.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("executed " + result.migrationsExecuted);
        return 0;
    }
}
