package dev.cdcready.clickpipes.bundle;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;

/** Runs the bundle the way an application does, through {@link ClickPipesFlyway}, with placeholders. */
final class Migrations {

    private Migrations() {
    }

    /** A role name no other test on the shared server uses: roles are cluster-wide, databases are not. */
    static String uniqueRole(String purpose) {
        return "it_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @param user the clickpipes_user
     * @param password its password (tests cannot set CLICKPIPES_PASSWORD in the JVM)
     * @param more further placeholder names and values, in pairs
     */
    static Map<String, String> placeholders(String user, String password, String... more) {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("placeholders come in name/value pairs");
        }
        Map<String, String> placeholders = new LinkedHashMap<>();
        if (user != null) {
            placeholders.put(Placeholders.USER, user);
        }
        placeholders.put(Placeholders.PASSWORD, password);
        for (int i = 0; i < more.length; i += 2) {
            placeholders.put(more[i], more[i + 1]);
        }
        return placeholders;
    }

    static MigrateResult migrate(TestServer server, String database, Map<String, String> placeholders) {
        return ClickPipesFlyway.flyway(server.superuserDataSource(database), placeholders).migrate();
    }

    /** The descriptions of the migrations a run executed, in order. */
    static List<String> descriptions(MigrateResult result) {
        List<String> descriptions = new ArrayList<>();
        for (MigrateOutput output : result.migrations) {
            descriptions.add(output.description);
        }
        return descriptions;
    }

    /** Every message of a throwable and its causes, joined: Flyway wraps callback and migration failures. */
    static String messages(Throwable thrown) {
        return Causes.messages(thrown);
    }
}
