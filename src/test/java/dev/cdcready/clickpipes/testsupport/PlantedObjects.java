package dev.cdcready.clickpipes.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The regression guard's bait: functions and operators that shadow pg_catalog ones, as an ordinary role could plant
 * them where PUBLIC may CREATE (public, PostgreSQL 12-14) or a database owner could. Each behaves like the pg_catalog
 * object it shadows, so the tests' own queries still work, and writes {@link #MARKER} to the server log when a session
 * other than the harness's own calls it. They live in schema {@value #SCHEMA}, owned by the ordinary role
 * {@value #PLANTER}, in {@code template1} and {@code postgres}, so every test database has them;
 * {@link TestServer#createDatabase()} puts that schema ahead of pg_catalog on the database's search_path. Not in
 * public itself: Flyway refuses a history table in a non-empty schema, and tests run applications' own Flyway there
 * (an operator with exact argument types wins from any schema on the path, and a function from any schema before
 * pg_catalog, so the attack is the same). {@link PlantedMarkers} fails the suite when a marker appears.
 */
public final class PlantedObjects {

    /** What the planted code writes to the server log. */
    public static final String MARKER = "CLICKPIPES_PLANTED_CALLED";
    /** What the application_names of the harness's own connections start with; their calls leave no marker. */
    static final String EXEMPT_PREFIX = "clickpipes-test-";
    /** The application_name of the harness's own assertion connections. */
    public static final String HARNESS_APPLICATION = EXEMPT_PREFIX + "harness";
    /**
     * The application_name of a test's stand-in for an application's own tools (its own Flyway run beside the
     * bundle): their unqualified queries are the application's business, not the bundle's.
     */
    public static final String APPLICATION = EXEMPT_PREFIX + "application";
    /** The ordinary role that owns the planted objects. */
    public static final String PLANTER = "clickpipes_planter";
    /** The schema they are in. */
    public static final String SCHEMA = "planted";
    /** The search_path of every test database: the planted schema ahead of pg_catalog. */
    static final String SEARCH_PATH = "\"$user\", public, " + SCHEMA + ", pg_catalog";

    private PlantedObjects() {
    }

    static void install(ServerBackend server) throws SQLException {
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname "
                    + "OPERATOR(pg_catalog.=) '" + PLANTER + "') THEN CREATE ROLE " + PLANTER + " NOLOGIN; END IF; "
                    + "END $$");
        }
        for (String database : List.of("template1", "postgres")) {
            try (Connection connection = server.superuser(database);
                 Statement statement = connection.createStatement()) {
                for (String sql : statements()) {
                    statement.execute(sql);
                }
            }
        }
    }

    private static List<String> statements() {
        List<String> out = new ArrayList<>();
        out.add("CREATE SCHEMA IF NOT EXISTS " + SCHEMA + " AUTHORIZATION " + PLANTER);
        out.add("GRANT USAGE ON SCHEMA " + SCHEMA + " TO PUBLIC");
        // Made by the ordinary role itself, so it owns them, as an attacker would.
        out.add("SET ROLE " + PLANTER);
        function(out, "cp_planted_eq_name_varchar", "=(name,varchar)", "a pg_catalog.name, b pg_catalog.varchar",
                "boolean", "a OPERATOR(pg_catalog.=) b::pg_catalog.text");
        out.add("CREATE OPERATOR " + SCHEMA + ".= (LEFTARG = pg_catalog.name, RIGHTARG = pg_catalog.varchar, "
                + "FUNCTION = " + SCHEMA + ".cp_planted_eq_name_varchar)");
        function(out, "cp_planted_eq_text_varchar", "=(text,varchar)", "a pg_catalog.text, b pg_catalog.varchar",
                "boolean", "a OPERATOR(pg_catalog.=) b::pg_catalog.text");
        out.add("CREATE OPERATOR " + SCHEMA + ".= (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.varchar, "
                + "FUNCTION = " + SCHEMA + ".cp_planted_eq_text_varchar)");
        function(out, "pg_is_in_recovery", "pg_is_in_recovery()", "", "boolean", "pg_catalog.pg_is_in_recovery()");
        function(out, "current_setting", "current_setting(text)", "name pg_catalog.text", "text",
                "pg_catalog.current_setting(name)");
        function(out, "current_setting", "current_setting(text,boolean)",
                "name pg_catalog.text, missing_ok boolean", "text", "pg_catalog.current_setting(name, missing_ok)");
        function(out, "set_config", "set_config(varchar,varchar,boolean)",
                "name pg_catalog.varchar, value pg_catalog.varchar, local boolean", "text",
                "pg_catalog.set_config(name, value, local)");
        function(out, "current_database", "current_database()", "", "pg_catalog.name",
                "pg_catalog.current_database()");
        out.add("RESET ROLE");
        return out;
    }

    private static void function(List<String> out, String name, String label, String arguments, String returns,
                                 String result) {
        out.add("CREATE OR REPLACE FUNCTION " + SCHEMA + "." + name + "(" + arguments + ") RETURNS " + returns + "\n"
                + "LANGUAGE plpgsql SET search_path = pg_catalog AS $planted$\n"
                + "BEGIN\n"
                + "  IF NOT pg_catalog.starts_with(pg_catalog.current_setting('application_name'), '"
                + EXEMPT_PREFIX + "') THEN\n"
                + "    RAISE LOG '" + MARKER + " " + SCHEMA + ".% application_name=%', '" + label + "',\n"
                + "        pg_catalog.current_setting('application_name');\n"
                + "  END IF;\n"
                + "  RETURN " + result + ";\n"
                + "END\n"
                + "$planted$");
    }
}
