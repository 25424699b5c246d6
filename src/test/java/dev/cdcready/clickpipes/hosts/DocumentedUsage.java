package dev.cdcready.clickpipes.hosts;

import java.nio.file.Path;
import java.util.List;

/**
 * The Flyway command line usage README.md documents ("Flyway command line"), word for word, with only the values a
 * user replaces (URL, user, bundle folder, schemas) as parameters. Change both together.
 */
final class DocumentedUsage {

    /** The environment the TOML example names for Flyway's {@code ${env.…}} resolver. */
    static final String ADMIN_PASSWORD_VARIABLE = "DB_ADMIN_PASSWORD";
    /** The environment name in the TOML example. */
    static final String ENVIRONMENT = "aurora";
    /**
     * What the README appends to the JDBC URL: search_path pg_catalog from the session's start, so that Flyway's own
     * queries, which run before the bundle gets control, resolve no function or operator outside pg_catalog. A
     * connection option has priority over ALTER DATABASE/ROLE ... SET search_path.
     */
    static final String PINNED_SEARCH_PATH = "?options=-c%20search_path%3Dpg_catalog";

    private DocumentedUsage() {
    }

    /** The arguments of the documented {@code flyway … migrate}; the password comes from FLYWAY_PASSWORD. */
    static List<String> command(String url, String user, Path bundleFolder, String schemas) {
        return List.of(
                "-url=" + url + PINNED_SEARCH_PATH, "-user=" + user,
                "-jarDirs=" + bundleFolder,
                "-locations=classpath:db/clickpipes",
                "-callbacks=db.clickpipes.ClickPipesCallback",
                "-table=clickpipes_schema_history", "-schemas=clickpipes_flyway",
                "-failOnMissingLocations=true",
                "-placeholders.clickpipes_schemas=" + schemas,
                "migrate");
    }

    /**
     * The documented {@code flyway.toml}. {@code schemas} belongs in the environment: Flyway 11 rejects it under
     * {@code [flyway]} ("Failed to configure parameters: flyway.schemas").
     */
    static String toml(String url, String user, Path bundleFolder, String schemas) {
        return "[environments." + ENVIRONMENT + "]\n"
                + "url = " + quoted(url + PINNED_SEARCH_PATH) + "\n"
                + "user = " + quoted(user) + "\n"
                + "password = \"${env." + ADMIN_PASSWORD_VARIABLE + "}\"\n"
                + "schemas = [\"clickpipes_flyway\"]\n"
                + "\n"
                + "[flyway]\n"
                + "jarDirs = [" + quoted(bundleFolder.toString()) + "]\n"
                + "locations = [\"classpath:db/clickpipes\"]\n"
                + "callbacks = [\"db.clickpipes.ClickPipesCallback\"]\n"
                + "table = \"clickpipes_schema_history\"\n"
                + "failOnMissingLocations = true\n"
                + "\n"
                + "[flyway.placeholders]\n"
                + "clickpipes_schemas = " + quoted(schemas) + "\n";
    }

    /** The arguments that run the TOML file's environment. */
    static List<String> tomlCommand(Path tomlFile) {
        return List.of("-configFiles=" + tomlFile, "-environment=" + ENVIRONMENT, "migrate");
    }

    /** A TOML basic string. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
