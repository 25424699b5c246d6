package dev.cdcready.clickpipes.step;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The REVOKE statements that take away every privilege a role holds in the current database: on the database, on
 * schemas, on the tables and sequences of each schema, and in default privileges. Built from the ACLs, so grants
 * made by hand or under other settings are found too. One query.
 */
final class PrivilegeRevokes {

    /** One row per statement, built with format('%I') so every name is quoted by the server. */
    static final String SQL = """
            WITH r AS (SELECT oid FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text)
            SELECT pg_catalog.format('REVOKE ALL ON DATABASE %I FROM %I', d.datname, pg_catalog.pg_get_userbyid(r.oid)),
                   1, ''
              FROM pg_catalog.pg_database d, r
             WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()
               AND EXISTS (SELECT 1 FROM pg_catalog.aclexplode(d.datacl) a WHERE a.grantee OPERATOR(pg_catalog.=) r.oid)
            UNION ALL
            SELECT pg_catalog.format('ALTER DEFAULT PRIVILEGES FOR ROLE %I%s REVOKE ALL ON %s FROM %I',
                          pg_catalog.pg_get_userbyid(d.defaclrole),
                          CASE WHEN d.defaclnamespace OPERATOR(pg_catalog.=) 0 THEN ''
                               ELSE pg_catalog.format(' IN SCHEMA %I', (SELECT nspname FROM pg_catalog.pg_namespace
                                                               WHERE oid OPERATOR(pg_catalog.=) d.defaclnamespace)) END,
                          CASE WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'r' THEN 'TABLES'
                               WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'S' THEN 'SEQUENCES'
                               WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'f' THEN 'FUNCTIONS'
                               WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'T' THEN 'TYPES' ELSE 'SCHEMAS' END,
                          pg_catalog.pg_get_userbyid(r.oid)), 2, pg_catalog.pg_get_userbyid(d.defaclrole)
              FROM pg_catalog.pg_default_acl d, r
             WHERE EXISTS (SELECT 1 FROM pg_catalog.aclexplode(d.defaclacl) a
                            WHERE a.grantee OPERATOR(pg_catalog.=) r.oid)
            UNION ALL
            SELECT DISTINCT pg_catalog.format('REVOKE ALL ON ALL %s IN SCHEMA %I FROM %I',
                          CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN 'SEQUENCES' ELSE 'TABLES' END, n.nspname,
                          pg_catalog.pg_get_userbyid(r.oid)), 3, n.nspname
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace, r
             WHERE EXISTS (SELECT 1 FROM pg_catalog.aclexplode(c.relacl) a WHERE a.grantee OPERATOR(pg_catalog.=) r.oid)
            UNION ALL
            SELECT pg_catalog.format('REVOKE ALL ON SCHEMA %I FROM %I', n.nspname, pg_catalog.pg_get_userbyid(r.oid)),
                   4, n.nspname
              FROM pg_catalog.pg_namespace n, r
             WHERE EXISTS (SELECT 1 FROM pg_catalog.aclexplode(n.nspacl) a WHERE a.grantee OPERATOR(pg_catalog.=) r.oid)
             ORDER BY 2, 3, 1
            """;

    private PrivilegeRevokes() {
    }

    static List<String> read(ResultSet rs) throws SQLException {
        List<String> statements = new ArrayList<>();
        while (rs.next()) {
            statements.add(rs.getString(1));
        }
        return statements;
    }
}
