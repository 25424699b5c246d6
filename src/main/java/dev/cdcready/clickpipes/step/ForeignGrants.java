package dev.cdcready.clickpipes.step;

/**
 * Privileges a role holds in this database that were granted by someone other than the object's owner (a role with
 * GRANT OPTION) and other than the migrating role (whose own REVOKE removes its grants). A REVOKE by the owner — or by a superuser, which acts as the owner — leaves them in place, and
 * {@code REVOKE ... GRANTED BY} accepts only the current user; only the grantor itself can revoke them, so teardown
 * revokes each one under {@code SET ROLE} to its grantor, where the migrating role may do that.
 */
final class ForeignGrants {

    /**
     * Parameters: the role's name, then whether membership must carry the SET option (PostgreSQL 16+; before 16 any
     * membership allows SET ROLE). One row per object and grantor: the object for REVOKE (e.g.
     * {@code TABLE "s"."t"}), the grantor and the migrating role, quoted by the server (a role name found in the
     * database may hold anything), and whether the migrating role can act as the grantor.
     */
    static final String SQL = """
            WITH r AS (SELECT a.oid FROM pg_catalog.pg_roles a WHERE a.rolname OPERATOR(pg_catalog.=) ?::pg_catalog.name),
                 grants AS (
                   SELECT pg_catalog.format('%s %I.%I',
                              CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S'::pg_catalog."char" THEN 'SEQUENCE' ELSE 'TABLE' END,
                              n.nspname, c.relname) AS object, x.grantor
                     FROM pg_catalog.pg_class c
                     JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace,
                          pg_catalog.aclexplode(c.relacl) x
                    WHERE x.grantee OPERATOR(pg_catalog.=) (SELECT r.oid FROM r)
                      AND x.grantor OPERATOR(pg_catalog.<>) c.relowner
                   UNION
                   SELECT pg_catalog.format('SCHEMA %I', n.nspname), x.grantor
                     FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) x
                    WHERE x.grantee OPERATOR(pg_catalog.=) (SELECT r.oid FROM r)
                      AND x.grantor OPERATOR(pg_catalog.<>) n.nspowner
                   UNION
                   SELECT pg_catalog.format('DATABASE %I', d.datname), x.grantor
                     FROM pg_catalog.pg_database d, pg_catalog.aclexplode(d.datacl) x
                    WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()
                      AND x.grantee OPERATOR(pg_catalog.=) (SELECT r.oid FROM r)
                      AND x.grantor OPERATOR(pg_catalog.<>) d.datdba)
            SELECT g.object, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(g.grantor)) AS grantor,
                   pg_catalog.quote_ident(CURRENT_USER) AS migrator,
                   pg_catalog.pg_has_role(g.grantor,
                       CASE WHEN ?::pg_catalog.bool THEN 'SET' ELSE 'MEMBER' END) AS can_act
              FROM grants g
             WHERE g.grantor OPERATOR(pg_catalog.<>) (SELECT a.oid FROM pg_catalog.pg_roles a
                                                       WHERE a.rolname OPERATOR(pg_catalog.=) CURRENT_USER)
             ORDER BY 2, 1
            """;

    private ForeignGrants() {
    }
}
