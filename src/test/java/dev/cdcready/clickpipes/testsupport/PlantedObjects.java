package dev.cdcready.clickpipes.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The regression guard's bait: objects in {@code public} that shadow pg_catalog ones, as an ordinary role could plant
 * them (where PUBLIC may CREATE in public, PostgreSQL 12-14) or a database owner could. Each behaves like the
 * pg_catalog object it shadows, so the tests' own queries still work, and writes {@link #MARKER} to the server log
 * when a session other than the harness's own calls it. They go into {@code template1} and {@code postgres}, so every
 * test database has them; {@link TestServer#createDatabase()} also puts public first on the database's search_path.
 * {@link PlantedMarkers} fails the suite when a marker appears.
 */
public final class PlantedObjects {

    /** What the planted code writes to the server log. */
    public static final String MARKER = "CLICKPIPES_PLANTED_CALLED";
    /** The application_name of the harness's own connections, whose calls leave no marker. */
    public static final String HARNESS_APPLICATION = "clickpipes-test-harness";
    /** The ordinary role that owns the planted objects. */
    public static final String PLANTER = "clickpipes_planter";

    private PlantedObjects() {
    }

    static void install(ServerBackend server) throws SQLException {
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname "
                    + "OPERATOR(pg_catalog.=) '" + PLANTER + "') THEN CREATE ROLE " + PLANTER + " NOLOGIN; END IF; END $$");
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
        function(out, "cp_planted_eq_name_varchar", "=(name,varchar)", "a pg_catalog.name, b pg_catalog.varchar",
                "boolean", "a OPERATOR(pg_catalog.=) b::pg_catalog.text");
        out.add("CREATE OPERATOR public.= (LEFTARG = pg_catalog.name, RIGHTARG = pg_catalog.varchar, "
                + "FUNCTION = public.cp_planted_eq_name_varchar)");
        out.add("ALTER OPERATOR public.= (pg_catalog.name, pg_catalog.varchar) OWNER TO " + PLANTER);
        function(out, "cp_planted_eq_text_varchar", "=(text,varchar)", "a pg_catalog.text, b pg_catalog.varchar",
                "boolean", "a OPERATOR(pg_catalog.=) b::pg_catalog.text");
        out.add("CREATE OPERATOR public.= (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.varchar, "
                + "FUNCTION = public.cp_planted_eq_text_varchar)");
        out.add("ALTER OPERATOR public.= (pg_catalog.text, pg_catalog.varchar) OWNER TO " + PLANTER);
        function(out, "pg_is_in_recovery", "pg_is_in_recovery()", "", "boolean", "pg_catalog.pg_is_in_recovery()");
        function(out, "current_setting", "current_setting(text)", "name pg_catalog.text", "text",
                "pg_catalog.current_setting(name)");
        function(out, "current_setting", "current_setting(text,boolean)",
                "name pg_catalog.text, missing_ok boolean", "text", "pg_catalog.current_setting(name, missing_ok)");
        function(out, "set_config", "set_config(varchar,varchar,boolean)",
                "name pg_catalog.varchar, value pg_catalog.varchar, local boolean", "text",
                "pg_catalog.set_config(name, value, local)");
        function(out, "current_database", "current_database()", "", "pg_catalog.name", "pg_catalog.current_database()");
        return out;
    }

    private static void function(List<String> out, String name, String label, String arguments, String returns,
                                 String result) {
        out.add("CREATE OR REPLACE FUNCTION public." + name + "(" + arguments + ") RETURNS " + returns + "\n"
                + "LANGUAGE plpgsql SET search_path = pg_catalog AS $planted$\n"
                + "BEGIN\n"
                + "  IF pg_catalog.current_setting('application_name') OPERATOR(pg_catalog.<>) '"
                + HARNESS_APPLICATION + "' THEN\n"
                + "    RAISE LOG '" + MARKER + " public.% application_name=%', '" + label + "',\n"
                + "        pg_catalog.current_setting('application_name');\n"
                + "  END IF;\n"
                + "  RETURN " + result + ";\n"
                + "END\n"
                + "$planted$");
        out.add("ALTER FUNCTION public." + name + "(" + arguments.replaceAll("\\b(a|b|name|value|local|missing_ok) ",
                "") + ") OWNER TO " + PLANTER);
    }
}
