package dev.cdcready.clickpipes.step;

/**
 * The other databases of the server in which a role still holds privileges or owns objects, from
 * {@code pg_shdepend}: there the role is still needed, so teardown here must keep it (and DROP ROLE would fail).
 * Privileges on another database itself are shared dependencies (dbid 0) and count for that database.
 */
final class OtherDatabases {

    /** One parameter: the role's name. One row per database name, sorted. */
    static final String SQL = """
            WITH r AS (SELECT a.oid FROM pg_catalog.pg_roles a WHERE a.rolname OPERATOR(pg_catalog.=) ?::pg_catalog.name),
                 here AS (SELECT d.oid FROM pg_catalog.pg_database d
                           WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
            SELECT DISTINCT d.datname::pg_catalog.text AS datname
              FROM pg_catalog.pg_shdepend s
              JOIN pg_catalog.pg_database d
                ON d.oid OPERATOR(pg_catalog.=) CASE WHEN s.dbid OPERATOR(pg_catalog.=) 0::pg_catalog.oid
                                                     THEN s.objid ELSE s.dbid END
             WHERE s.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_authid'::pg_catalog.regclass
               AND s.refobjid OPERATOR(pg_catalog.=) (SELECT r.oid FROM r)
               AND (s.dbid OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
                    OR s.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_database'::pg_catalog.regclass)
               AND d.oid OPERATOR(pg_catalog.<>) (SELECT here.oid FROM here)
             ORDER BY 1
            """;

    private OtherDatabases() {
    }
}
