package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.config.Identifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Everything a role holds in this database beyond what every role gets through PUBLIC, each with the statement that
 * removes it: role attributes, direct memberships and members (those that convey privileges), whether the migrating
 * role is or holds it, objects it owns here or in any other database (pg_shdepend), and every ACL entry that names
 * it — tables, views, sequences, columns, schemas, databases, functions, default privileges, and (through
 * pg_shdepend) types, languages, tablespaces, large objects, foreign servers and parameters. Only grants made to the
 * role itself are listed: what it inherits shows as the membership that brings it, which is also what to revoke.
 *
 * <p>One query, read-only, every function, operator and type qualified with pg_catalog (no simple CASE, which would
 * look {@code =} up on the search_path). {@link DocumentedRights} decides which of these the bundle itself grants.
 */
public final class RoleRights {

    private static final String QUERY = """
            WITH RECURSIVE conveying AS (
                -- PostgreSQL 16+ records memberships that convey nothing (neither INHERIT nor SET), such as the ADMIN
                -- OPTION a CREATEROLE user gets on every role it creates; read through jsonb, as 12-15 lack the columns.
                SELECT m.roleid, m.member FROM pg_catalog.pg_auth_members m
                 WHERE coalesce((pg_catalog.to_jsonb(m) OPERATOR(pg_catalog.->>) 'inherit_option')::pg_catalog.bool, true)
                    OR coalesce((pg_catalog.to_jsonb(m) OPERATOR(pg_catalog.->>) 'set_option')::pg_catalog.bool, true)
            ), who AS (
                SELECT r.oid AS id, r.rolname::pg_catalog.text AS name
                  FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text
            ), readable AS (
                -- The schemas whose reads are left out (see beyondReading), joined by oid: hashed once, not a name
                -- list searched for every table.
                SELECT n.oid FROM pg_catalog.pg_namespace n
                 WHERE n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])
            ), deps AS MATERIALIZED (
                -- The role's pg_shdepend entries, read once for the owner, column and other-object branches; without
                -- those of table-level ACLs (one per table the role may read, 100,000 of them), which the table
                -- branch reads from pg_class.
                SELECT s.* FROM who JOIN pg_catalog.pg_shdepend s ON s.refobjid OPERATOR(pg_catalog.=) who.id
                   AND s.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_authid'::pg_catalog.regclass
                 WHERE NOT (s.deptype OPERATOR(pg_catalog.=) 'a'
                            AND s.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                            AND s.objsubid OPERATOR(pg_catalog.=) 0)
            ), acls AS MATERIALIZED (
                -- The relation ACLs to explode. Exploding every one is most of the work on 100,000 tables: a row
                -- that holds only the owner's own entry and SELECT for the role granted by the owner (what the
                -- bundle's grant writes), in a schema whose reads are left out, gives the role nothing to list.
                SELECT c.oid, c.relname, c.relkind, c.relnamespace, c.relacl, readable.oid IS NOT NULL AS readable
                  FROM who, pg_catalog.pg_class c
                  LEFT JOIN readable ON readable.oid OPERATOR(pg_catalog.=) c.relnamespace
                 WHERE c.relacl IS NOT NULL
                   AND NOT (readable.oid IS NOT NULL AND c.relkind OPERATOR(pg_catalog.<>) 'S'
                            AND pg_catalog.cardinality(c.relacl) OPERATOR(pg_catalog.=) 2
                            AND c.relacl[2] OPERATOR(pg_catalog.=) pg_catalog.makeaclitem(who.id, c.relowner, 'SELECT',
                                                                                           false)
                            AND pg_catalog.aclcontains(c.relacl[1:1], pg_catalog.makeaclitem(c.relowner, c.relowner,
                                                                                              'SELECT', false)))
            ), held AS MATERIALIZED (
                -- What the role holds in each distinct ACL, exploded once per ACL rather than once per table: the
                -- tables of an application share a few ACLs, and where they name more roles than the bundle's
                -- (a reporting role, the application's own) the rule above keeps all 100,000 (exploding each was
                -- 0.6 s; hashing them to their ACL is a pass).
                SELECT a.relacl, x.privilege_type
                  FROM (SELECT DISTINCT c.relacl FROM acls c) a, who, LATERAL pg_catalog.aclexplode(a.relacl) x
                 WHERE x.grantee OPERATOR(pg_catalog.=) who.id
            ), migrator_groups(id) AS (
                SELECT m.roleid FROM conveying m JOIN pg_catalog.pg_roles r
                    ON r.oid OPERATOR(pg_catalog.=) m.member
                 WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER
                UNION
                SELECT m.roleid FROM conveying m JOIN migrator_groups g
                    ON m.member OPERATOR(pg_catalog.=) g.id
            ), rights(kind, schema, privilege, what, fix) AS (
                SELECT 'attribute', NULL::pg_catalog.text, v.attribute,
                       'attribute ' OPERATOR(pg_catalog.||) v.attribute,
                       pg_catalog.format('ALTER ROLE %I NO%s;', who.name, v.attribute)
                  FROM who JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) who.id,
                       LATERAL (VALUES ('SUPERUSER', r.rolsuper), ('CREATEROLE', r.rolcreaterole),
                                       ('CREATEDB', r.rolcreatedb), ('BYPASSRLS', r.rolbypassrls),
                                       ('REPLICATION', r.rolreplication), ('LOGIN', r.rolcanlogin)) AS v(attribute, held)
                 WHERE v.held
                UNION ALL
                SELECT 'member', NULL, g.rolname::pg_catalog.text, 'member of ' OPERATOR(pg_catalog.||) g.rolname,
                       pg_catalog.format('REVOKE %I FROM %I;', g.rolname, who.name)
                  FROM who JOIN conveying m ON m.member OPERATOR(pg_catalog.=) who.id
                  JOIN pg_catalog.pg_roles g ON g.oid OPERATOR(pg_catalog.=) m.roleid
                UNION ALL
                SELECT 'members', NULL, g.rolname::pg_catalog.text, 'has member ' OPERATOR(pg_catalog.||) g.rolname,
                       pg_catalog.format('REVOKE %I FROM %I;', who.name, g.rolname)
                  FROM who JOIN conveying m ON m.roleid OPERATOR(pg_catalog.=) who.id
                  JOIN pg_catalog.pg_roles g ON g.oid OPERATOR(pg_catalog.=) m.member
                UNION ALL
                SELECT 'migrator', NULL, NULL, 'is the migrating role itself',
                       'Set clickpipes_user to a role of its own; the bundle creates it when it does not exist.'
                  FROM who WHERE who.name OPERATOR(pg_catalog.=) CURRENT_USER
                UNION ALL
                SELECT 'migrator', NULL, NULL, 'is held by the migrating role '
                           OPERATOR(pg_catalog.||) CURRENT_USER,
                       pg_catalog.format('REVOKE %I FROM %I;', who.name, CURRENT_USER)
                  FROM who WHERE who.id OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT id FROM migrator_groups))
                UNION ALL
                SELECT 'owner', NULL, NULL,
                       CASE WHEN s.dbid OPERATOR(pg_catalog.=) 0
                                 OR s.dbid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                       WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
                            THEN 'owns ' OPERATOR(pg_catalog.||) pg_catalog.pg_describe_object(s.classid, s.objid, 0)
                            ELSE 'owns objects in database ' OPERATOR(pg_catalog.||) d.datname END,
                       pg_catalog.format('/* in database %I */ REASSIGN OWNED BY %I TO %I;',
                                         coalesce(d.datname, pg_catalog.current_database()), who.name, CURRENT_USER)
                  FROM who JOIN deps s ON s.deptype OPERATOR(pg_catalog.=) 'o'
                  LEFT JOIN pg_catalog.pg_database d ON d.oid OPERATOR(pg_catalog.=) s.dbid
                UNION ALL
                SELECT CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN 'sequence' ELSE 'table' END,
                       n.nspname::pg_catalog.text, x.privilege_type,
                       pg_catalog.format('%s %I.%I: %s', CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S'
                           THEN 'sequence' ELSE 'table' END, n.nspname, c.relname, x.privilege_type),
                       pg_catalog.format('REVOKE %s ON %s %I.%I FROM %I;', x.privilege_type,
                           CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                           n.nspname, c.relname, who.name)
                  FROM who, acls c
                  JOIN held x ON x.relacl OPERATOR(pg_catalog.=) c.relacl
                  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                 WHERE NOT (x.privilege_type OPERATOR(pg_catalog.=) 'SELECT' AND c.relkind OPERATOR(pg_catalog.<>) 'S'
                            AND c.readable)
                UNION ALL
                SELECT 'column', n.nspname::pg_catalog.text, x.privilege_type,
                       pg_catalog.format('column %I.%I.%I: %s', n.nspname, c.relname, a.attname, x.privilege_type),
                       pg_catalog.format('REVOKE %s (%I) ON TABLE %I.%I FROM %I;', x.privilege_type, a.attname,
                                         n.nspname, c.relname, who.name)
                  -- The columns whose ACL names the role, from pg_shdepend (one entry per column, by role), not
                  -- from a pass over every column of the database.
                  FROM who JOIN deps s ON s.deptype OPERATOR(pg_catalog.=) 'a'
                   AND s.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND s.objsubid OPERATOR(pg_catalog.<>) 0
                   AND s.dbid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                                      WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
                  JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) s.objid
                   AND a.attnum OPERATOR(pg_catalog.=) s.objsubid
                  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) a.attrelid
                  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                  LEFT JOIN readable ON readable.oid OPERATOR(pg_catalog.=) c.relnamespace,
                       LATERAL pg_catalog.aclexplode(a.attacl) x
                 WHERE x.grantee OPERATOR(pg_catalog.=) who.id
                   AND NOT (x.privilege_type OPERATOR(pg_catalog.=) 'SELECT' AND readable.oid IS NOT NULL)
                UNION ALL
                SELECT 'schema', n.nspname::pg_catalog.text, x.privilege_type,
                       pg_catalog.format('schema %I: %s', n.nspname, x.privilege_type),
                       pg_catalog.format('REVOKE %s ON SCHEMA %I FROM %I;', x.privilege_type, n.nspname, who.name)
                  FROM who, pg_catalog.pg_namespace n
                  LEFT JOIN readable ON readable.oid OPERATOR(pg_catalog.=) n.oid,
                       LATERAL pg_catalog.aclexplode(n.nspacl) x
                 WHERE n.nspacl IS NOT NULL AND x.grantee OPERATOR(pg_catalog.=) who.id
                   AND NOT (x.privilege_type OPERATOR(pg_catalog.=) 'USAGE' AND readable.oid IS NOT NULL)
                UNION ALL
                SELECT 'database', NULL, x.privilege_type,
                       pg_catalog.format('database %I: %s', d.datname, x.privilege_type),
                       pg_catalog.format('REVOKE %s ON DATABASE %I FROM %I;', x.privilege_type, d.datname, who.name)
                  FROM who, pg_catalog.pg_database d, LATERAL pg_catalog.aclexplode(d.datacl) x
                 WHERE d.datacl IS NOT NULL AND x.grantee OPERATOR(pg_catalog.=) who.id
                UNION ALL
                SELECT 'function', n.nspname::pg_catalog.text, x.privilege_type,
                       pg_catalog.format('function %I.%I(%s): %s', n.nspname, f.proname,
                                         pg_catalog.pg_get_function_identity_arguments(f.oid), x.privilege_type),
                       pg_catalog.format('REVOKE %s ON ROUTINE %I.%I(%s) FROM %I;', x.privilege_type, n.nspname,
                                         f.proname, pg_catalog.pg_get_function_identity_arguments(f.oid), who.name)
                  FROM who, pg_catalog.pg_proc f
                  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) f.pronamespace,
                       LATERAL pg_catalog.aclexplode(f.proacl) x
                 WHERE f.proacl IS NOT NULL AND x.grantee OPERATOR(pg_catalog.=) who.id
                UNION ALL
                SELECT 'default', n.nspname::pg_catalog.text, x.privilege_type,
                       pg_catalog.format('default privilege from %s in %s on %s: %s', o.rolname,
                           coalesce(pg_catalog.quote_ident(n.nspname), 'every schema'), d.defaclobjtype,
                           x.privilege_type),
                       pg_catalog.format('ALTER DEFAULT PRIVILEGES FOR ROLE %I%s REVOKE %s ON %s FROM %I;', o.rolname,
                           coalesce(' IN SCHEMA ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(n.nspname), ''),
                           x.privilege_type, CASE WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'r' THEN 'TABLES'
                               WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'S' THEN 'SEQUENCES'
                               WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'f' THEN 'FUNCTIONS'
                               WHEN d.defaclobjtype OPERATOR(pg_catalog.=) 'T' THEN 'TYPES' ELSE 'SCHEMAS' END, who.name)
                  FROM who, pg_catalog.pg_default_acl d
                  JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) d.defaclrole
                  LEFT JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) d.defaclnamespace
                  LEFT JOIN readable ON readable.oid OPERATOR(pg_catalog.=) d.defaclnamespace,
                       LATERAL pg_catalog.aclexplode(d.defaclacl) x
                 WHERE x.grantee OPERATOR(pg_catalog.=) who.id
                   AND NOT (x.privilege_type OPERATOR(pg_catalog.=) 'SELECT' AND d.defaclobjtype OPERATOR(pg_catalog.=) 'r'
                            AND readable.oid IS NOT NULL)
                UNION ALL
                -- Every other kind of object whose ACL names the role: what pg_shdepend records for this database
                -- and for shared objects (tablespaces, parameters).
                SELECT 'other', NULL, NULL,
                       'privileges on ' OPERATOR(pg_catalog.||) o.object,
                       pg_catalog.format('REVOKE ALL ON %s FROM %I;', pg_catalog.regexp_replace(pg_catalog.regexp_replace(
                           o.object, '^foreign-data wrapper ', 'FOREIGN DATA WRAPPER '), '^server ', 'FOREIGN SERVER '),
                           who.name)
                  FROM who JOIN deps s ON s.deptype OPERATOR(pg_catalog.=) 'a',
                       LATERAL (SELECT pg_catalog.pg_describe_object(s.classid, s.objid, s.objsubid) AS object) o
                 WHERE (s.dbid OPERATOR(pg_catalog.=) 0 OR s.dbid OPERATOR(pg_catalog.=) (SELECT d.oid
                            FROM pg_catalog.pg_database d
                           WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()))
                   AND s.classid OPERATOR(pg_catalog.<>) ALL (ARRAY['pg_catalog.pg_class'::pg_catalog.regclass,
                           'pg_catalog.pg_namespace'::pg_catalog.regclass, 'pg_catalog.pg_database'::pg_catalog.regclass,
                           'pg_catalog.pg_proc'::pg_catalog.regclass,
                           'pg_catalog.pg_default_acl'::pg_catalog.regclass]::pg_catalog.oid[])
            )
            SELECT kind, schema, privilege, what, fix FROM rights ORDER BY what
            """;

    private RoleRights() {
    }

    /**
     * One right.
     *
     * @param kind attribute, member, members, migrator, owner, table, sequence, column, schema, database, function,
     *     default or other
     * @param schema the schema of the object, where it has one
     * @param privilege the privilege, attribute or role name, where there is one
     * @param what the right, for people: {@code table sales.orders: INSERT}
     * @param fix the SQL that removes it
     */
    public record Right(String kind, String schema, String privilege, String what, String fix) {
    }

    /**
     * @param catalog the catalog of the database to look at
     * @param role the role
     * @return its rights beyond PUBLIC's, sorted by {@link Right#what()}; empty when the role does not exist
     */
    public static List<Right> of(Catalog catalog, Identifier role) {
        return beyondReading(catalog, role, List.of());
    }

    /**
     * As {@link #of}, leaving out the role's reads of some schemas: USAGE on them, SELECT on their tables, views and
     * columns (not sequences), and default privileges that grant SELECT on tables there. For clickpipes_user that is
     * 100,000 rows on 100,000 tables, the documented part, which would be most of the query's work and all of its
     * output.
     *
     * @param readable the schemas whose reads are left out
     */
    public static List<Right> beyondReading(Catalog catalog, Identifier role, Collection<String> readable) {
        return catalog.query("read the rights of " + role, QUERY, rs -> {
            List<Right> rights = new ArrayList<>();
            while (rs.next()) {
                rights.add(new Right(rs.getString("kind"), rs.getString("schema"), rs.getString("privilege"),
                        rs.getString("what"), rs.getString("fix")));
            }
            return rights;
        }, role.value(), catalog.textArray(readable));
    }
}
