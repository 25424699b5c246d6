package dev.cdcready.clickpipes.safety.privilege;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a role may do in one database beyond what every role gets through PUBLIC, read from the catalog by
 * asking PostgreSQL itself ({@code has_*_privilege}) about every object: each table, view and sequence, schema,
 * database and function, plus column ACLs, role attributes, memberships (direct and inherited), owned objects and
 * default privileges. "Beyond PUBLIC" is decided by comparing with a baseline role that was granted nothing.
 */
final class EffectivePrivileges {

    private static final String QUERY = """
            WITH who AS (SELECT ?::text AS u, ?::text AS b, ?::text[] AS table_privileges)
            SELECT format('table %s: %s', c.oid::regclass, p)
              FROM who, pg_catalog.pg_class c, unnest(who.table_privileges) p
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
               AND has_table_privilege(u, c.oid, p) AND NOT has_table_privilege(b, c.oid, p)
            UNION ALL
            SELECT format('sequence %s: %s', c.oid::regclass, p)
              FROM who, pg_catalog.pg_class c, unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p
             WHERE c.relkind = 'S' AND has_sequence_privilege(u, c.oid, p) AND NOT has_sequence_privilege(b, c.oid, p)
            UNION ALL
            SELECT format('column %s.%I: %s', a.attrelid::regclass, a.attname, x.privilege_type)
              FROM who, pg_catalog.pg_attribute a, aclexplode(a.attacl) x
             WHERE a.attacl IS NOT NULL AND x.grantee = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = u)
            UNION ALL
            SELECT format('schema %I: %s', n.nspname, p)
              FROM who, pg_catalog.pg_namespace n, unnest(ARRAY['USAGE', 'CREATE']) p
             WHERE has_schema_privilege(u, n.oid, p) AND NOT has_schema_privilege(b, n.oid, p)
            UNION ALL
            SELECT format('database %I: %s', d.datname, p)
              FROM who, pg_catalog.pg_database d, unnest(ARRAY['CREATE', 'TEMP', 'CONNECT']) p
             WHERE has_database_privilege(u, d.oid, p) AND NOT has_database_privilege(b, d.oid, p)
            UNION ALL
            SELECT format('function %s: EXECUTE', f.oid::regprocedure)
              FROM who, pg_catalog.pg_proc f
             WHERE has_function_privilege(u, f.oid, 'EXECUTE') AND NOT has_function_privilege(b, f.oid, 'EXECUTE')
            UNION ALL
            SELECT format('member of %s', r.rolname)
              FROM who, pg_catalog.pg_roles r
             WHERE r.rolname <> u AND pg_has_role(u, r.oid, 'MEMBER')
            UNION ALL
            SELECT format('attribute %s', v.attribute)
              FROM who, pg_catalog.pg_roles r,
                   LATERAL (VALUES ('SUPERUSER', r.rolsuper), ('CREATEROLE', r.rolcreaterole),
                                   ('CREATEDB', r.rolcreatedb), ('BYPASSRLS', r.rolbypassrls),
                                   ('REPLICATION', r.rolreplication), ('LOGIN', r.rolcanlogin)) v(attribute, held)
             WHERE r.rolname = u AND v.held
            UNION ALL
            SELECT format('owns %s', o.what)
              FROM who, (SELECT c.oid::regclass::text AS what, c.relowner AS owner FROM pg_catalog.pg_class c
                         UNION ALL SELECT 'schema ' || nspname, nspowner FROM pg_catalog.pg_namespace
                         UNION ALL SELECT 'publication ' || pubname, pubowner FROM pg_catalog.pg_publication
                         UNION ALL SELECT 'database ' || datname, datdba FROM pg_catalog.pg_database
                         UNION ALL SELECT 'function ' || oid::regprocedure::text, proowner FROM pg_catalog.pg_proc) o
             WHERE o.owner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = u)
            UNION ALL
            SELECT format('default privilege from %s in %s on %s: %s', d.defaclrole::regrole,
                          coalesce(d.defaclnamespace::regnamespace::text, 'every schema'), d.defaclobjtype,
                          x.privilege_type)
              FROM who, pg_catalog.pg_default_acl d, aclexplode(d.defaclacl) x
             WHERE x.grantee = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = u)
            ORDER BY 1
            """;

    private EffectivePrivileges() {
    }

    /**
     * @param connection a superuser connection to the database
     * @param role the role to inspect
     * @param baseline a role that holds nothing but PUBLIC's privileges
     * @return one line per privilege, sorted
     */
    static List<String> of(Connection connection, String role, String baseline) throws SQLException {
        List<String> tablePrivileges = new ArrayList<>(List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE",
                "REFERENCES", "TRIGGER"));
        if (connection.getMetaData().getDatabaseMajorVersion() >= 17) {
            tablePrivileges.add("MAINTAIN");
        }
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, role);
            statement.setString(2, baseline);
            statement.setArray(3, connection.createArrayOf("text", tablePrivileges.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return lines;
    }
}
