package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a schema on the search_path may do to the master user's session. Flyway's own queries (and those of any tool
 * run before the bundle gets control) name functions and operators without a schema, so a function or operator
 * outside pg_catalog with a pg_catalog name and pg_catalog argument types — {@code public.=(name, varchar)},
 * {@code public.pg_is_in_recovery()} — can be picked instead of pg_catalog's and run with the master user's rights.
 */
public final class SearchPathCheck implements Check {

    /**
     * The shadowing objects in the schemas this session resolves names in (current_schemas: "$user" expanded, missing
     * schemas left out; during a Flyway run the history schema is first). Where the bundle opened the connection, or
     * the JDBC URL pins search_path=pg_catalog, that is pg_catalog (and the history schema) alone, and the objects
     * elsewhere cannot be reached by name. Extension members are left out: an extension's functions and operators
     * on its own types (citext, hstore) are what it is installed for, and installing one takes CREATE on the database.
     */
    private static final String SHADOWING = """
            WITH path AS (
                SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
                 WHERE n.nspname OPERATOR(pg_catalog.=) ANY (pg_catalog.current_schemas(false))
                   AND NOT n.nspname OPERATOR(pg_catalog.=) 'pg_catalog'
            ), core AS (
                SELECT oid FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) 'pg_catalog'
            ),
            -- The functions and operators of the path first (usually none): left to the planner, the tests below ran
            -- for every function of the database before the join with the path (400 ms on a fresh database).
            funcs AS MATERIALIZED (
                SELECT f.oid, f.proname, f.proargtypes, f.proowner, s.nspname
                  FROM pg_catalog.pg_proc f JOIN path s ON f.pronamespace OPERATOR(pg_catalog.=) s.oid
            ), ops AS MATERIALIZED (
                SELECT o.oid, o.oprname, o.oprleft, o.oprright, o.oprowner, s.nspname
                  FROM pg_catalog.pg_operator o JOIN path s ON o.oprnamespace OPERATOR(pg_catalog.=) s.oid
            )
            SELECT pg_catalog.format('function %I.%I(%s) owned by %I', f.nspname, f.proname,
                                     pg_catalog.pg_get_function_identity_arguments(f.oid),
                                     pg_catalog.pg_get_userbyid(f.proowner)),
                   pg_catalog.format('DROP FUNCTION %I.%I(%s);', f.nspname, f.proname,
                                     pg_catalog.pg_get_function_identity_arguments(f.oid))
              FROM funcs f, core
             WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_proc c WHERE c.pronamespace OPERATOR(pg_catalog.=) core.oid
                                                             AND c.proname OPERATOR(pg_catalog.=) f.proname)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(f.proargtypes::pg_catalog.oid[]) AS a(t)
                                 JOIN pg_catalog.pg_type y ON y.oid OPERATOR(pg_catalog.=) a.t
                                WHERE NOT y.typnamespace OPERATOR(pg_catalog.=) core.oid)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                                  AND d.objid OPERATOR(pg_catalog.=) f.oid AND d.deptype OPERATOR(pg_catalog.=) 'e')
            UNION ALL
            SELECT pg_catalog.format('operator %I.%s(%s, %s) owned by %I', o.nspname, o.oprname,
                                     pg_catalog.format_type(o.oprleft, NULL), pg_catalog.format_type(o.oprright, NULL),
                                     pg_catalog.pg_get_userbyid(o.oprowner)),
                   pg_catalog.format('DROP OPERATOR %I.%s (%s, %s);', o.nspname, o.oprname,
                                     CASE WHEN o.oprleft OPERATOR(pg_catalog.=) 0 THEN 'NONE'
                                          ELSE pg_catalog.format_type(o.oprleft, NULL) END,
                                     pg_catalog.format_type(o.oprright, NULL))
              FROM ops o, core
             WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_operator c WHERE c.oprnamespace OPERATOR(pg_catalog.=) core.oid
                                                                 AND c.oprname OPERATOR(pg_catalog.=) o.oprname)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type y
                                WHERE y.oid OPERATOR(pg_catalog.=) ANY (ARRAY[o.oprleft, o.oprright])
                                  AND NOT y.typnamespace OPERATOR(pg_catalog.=) core.oid)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_operator'::pg_catalog.regclass
                                  AND d.objid OPERATOR(pg_catalog.=) o.oid AND d.deptype OPERATOR(pg_catalog.=) 'e')
             ORDER BY 1
            """;

    /**
     * The schemas, configured or on the session's default search_path (its reset value, "$user" expanded), in which
     * PUBLIC may CREATE: the default for {@code public} on PostgreSQL 12-14.
     */
    private static final String PUBLIC_CREATE = """
            WITH default_path AS (
                SELECT CASE WHEN p OPERATOR(pg_catalog.=) '$user' THEN current_user::pg_catalog.text ELSE p END AS name
                  FROM pg_catalog.unnest(pg_catalog.string_to_array(
                           (SELECT reset_val FROM pg_catalog.pg_settings
                             WHERE name OPERATOR(pg_catalog.=) 'search_path'), ',')) AS r(raw),
                       LATERAL (SELECT pg_catalog.btrim(r.raw, ' "') AS p) AS t
            )
            SELECT n.nspname FROM pg_catalog.pg_namespace n
             WHERE (n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])
                    OR n.nspname OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT name FROM default_path)))
               AND EXISTS (SELECT 1 FROM pg_catalog.aclexplode(n.nspacl) a
                            WHERE a.grantee OPERATOR(pg_catalog.=) 0
                              AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE')
             ORDER BY 1
            """;

    @Override
    public void run(CheckContext context, List<Finding> findings) {
        Catalog catalog = context.catalog();
        List<String[]> shadowing = catalog.query("look for functions and operators that shadow pg_catalog's",
                SHADOWING, rs -> {
                    List<String[]> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                    return out;
                });
        if (!shadowing.isEmpty()) {
            findings.add(Finding.error(FindingCode.SHADOWING_OBJECT, "Found on this session's search_path: "
                    + shadowing.stream().map(s -> s[0]).collect(Collectors.joining(", ")) + ". Each has the name "
                    + "and argument types of a pg_catalog one, so a query that names no schema (Flyway's own do) "
                    + "can run it with the master user's rights. Required: no such function or operator in a schema "
                    + "on the search_path of the migrating session.",
                    "Inspect and drop them: " + shadowing.stream().map(s -> s[1]).collect(Collectors.joining(" "))
                            + " Or take their schema off the bundle's search_path: add "
                            + "options=-c%20search_path%3Dpg_catalog to the JDBC URL (see the README)."));
        }
        List<String> creatable = catalog.query("check who may CREATE in the schemas", PUBLIC_CREATE,
                Catalog::firstColumn, catalog.textArray(context.settings().schemas().stream()
                        .map(Identifier::value).toList()));
        if (!creatable.isEmpty()) {
            findings.add(Finding.warning(FindingCode.PUBLIC_CAN_CREATE, "PUBLIC may CREATE in schema(s) "
                    + String.join(", ", creatable) + " (the default for public on PostgreSQL 12-14): every role, "
                    + "clickpipes_user included, can put tables, functions and operators there, and a function or "
                    + "operator there can shadow a pg_catalog one for every session that has the schema on its "
                    + "search_path.", creatable.stream().map(s -> "REVOKE CREATE ON SCHEMA "
                            + new Identifier(s).quoted() + " FROM PUBLIC;").collect(Collectors.joining(" "))));
        }
    }

    @Override
    public String toString() {
        return "search_path";
    }
}
