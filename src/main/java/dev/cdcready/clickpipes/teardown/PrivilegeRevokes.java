package dev.cdcready.clickpipes.teardown;

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
            WITH r AS (SELECT oid FROM pg_roles WHERE rolname = ?)
            SELECT format('REVOKE ALL ON DATABASE %I FROM %I', d.datname, pg_get_userbyid(r.oid)), 1, ''
              FROM pg_database d, r
             WHERE d.datname = current_database()
               AND EXISTS (SELECT 1 FROM aclexplode(d.datacl) a WHERE a.grantee = r.oid)
            UNION ALL
            SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I%s REVOKE ALL ON %s FROM %I',
                          pg_get_userbyid(d.defaclrole),
                          CASE WHEN d.defaclnamespace = 0 THEN ''
                               ELSE format(' IN SCHEMA %I', (SELECT nspname FROM pg_namespace
                                                               WHERE oid = d.defaclnamespace)) END,
                          CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES'
                               WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END,
                          pg_get_userbyid(r.oid)), 2, pg_get_userbyid(d.defaclrole)
              FROM pg_default_acl d, r
             WHERE EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = r.oid)
            UNION ALL
            SELECT DISTINCT format('REVOKE ALL ON ALL %s IN SCHEMA %I FROM %I',
                          CASE WHEN c.relkind = 'S' THEN 'SEQUENCES' ELSE 'TABLES' END, n.nspname,
                          pg_get_userbyid(r.oid)), 3, n.nspname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, r
             WHERE EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = r.oid)
            UNION ALL
            SELECT format('REVOKE ALL ON SCHEMA %I FROM %I', n.nspname, pg_get_userbyid(r.oid)), 4, n.nspname
              FROM pg_namespace n, r
             WHERE EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee = r.oid)
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
