package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The per-table concerns of {@link CdcReadinessCheck}, read in one pass over {@code pg_class} rather than one pass each:
 * on 100,000 tables every pass costs the same 50 ms whatever it looks for. Inside the configured schemas, the few
 * tables with row-level security, partitioned parents and REPLICA IDENTITY NOTHING; outside them, the tables a
 * publication could hold that clickpipes_user cannot read (usually none). Only then, and only if there are any, which
 * of those the publication holds — listing a FOR ALL TABLES publication's tables is a pass of its own.
 *
 * @param hidden tables whose rows row-level security hides from clickpipes_user
 * @param keylessPartitioned partitioned tables with neither a primary key nor REPLICA IDENTITY FULL
 * @param replicaIdentityNothing the fix of each of the first tables with REPLICA IDENTITY NOTHING, in name order
 * @param unreadablePublished published tables outside the configured schemas that clickpipes_user cannot read
 */
record TableConcerns(Catalog.Sample hidden, Catalog.Sample keylessPartitioned, List<String> replicaIdentityNothing,
                     Catalog.Sample unreadablePublished) {

    private static final String QUERY = """
            WITH u AS (SELECT r.oid, r.rolsuper OR r.rolbypassrls AS bypass FROM pg_catalog.pg_roles r
                        WHERE r.rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text),
            configured AS (SELECT n.oid FROM pg_catalog.pg_namespace n
                            WHERE n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])),
            -- The pass reads pg_class alone: the schema's name is looked up only for the few rows it keeps (joining
            -- pg_namespace to all 100,000 first was a third of the statement).
            kept AS MATERIALIZED (
                SELECT c.oid, c.relnamespace, c.relname, c.relkind, c.relowner, c.relreplident, c.relrowsecurity,
                       c.relforcerowsecurity, configured.oid IS NOT NULL AS scoped
                  FROM pg_catalog.pg_class c
                  LEFT JOIN configured ON configured.oid OPERATOR(pg_catalog.=) c.relnamespace
                 WHERE (c.relkind OPERATOR(pg_catalog.=) 'r' OR c.relkind OPERATOR(pg_catalog.=) 'p')
                   AND CASE WHEN configured.oid IS NOT NULL
                            THEN c.relrowsecurity OR c.relkind OPERATOR(pg_catalog.=) 'p'
                                 OR c.relreplident OPERATOR(pg_catalog.=) 'n'
                            -- What a publication can hold (from FirstNormalObjectId, permanent) and the role cannot
                            -- read. Nothing before the role exists.
                            ELSE c.relpersistence OPERATOR(pg_catalog.=) 'p'
                                 AND c.oid OPERATOR(pg_catalog.>=) 16384::pg_catalog.oid
                                 AND EXISTS (SELECT 1 FROM u)
                                 AND NOT (pg_catalog.has_schema_privilege((SELECT oid FROM u), c.relnamespace, 'USAGE')
                                          AND """ + Catalog.canSelect("(SELECT oid FROM u)", "c") + """
            )
                       END),
            t AS (
                SELECT k.oid, n.nspname, k.relname, k.relkind, k.relowner, k.relreplident, k.relrowsecurity,
                       k.relforcerowsecurity, k.scoped
                  FROM kept k JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) k.relnamespace),
            -- Row-level security the role does not bypass (not BYPASSRLS, not a superuser, not the owner of an unforced
            -- table) where no permissive USING (true) SELECT policy lets it see every row.
            hidden AS (
                SELECT pg_catalog.format('%%I.%%I', t.nspname, t.relname) AS name FROM t
                 WHERE t.scoped AND t.relrowsecurity
                   AND NOT coalesce((SELECT bypass FROM u), false)
                   AND NOT (NOT t.relforcerowsecurity AND coalesce(pg_catalog.pg_has_role(
                           (SELECT oid FROM u), t.relowner, 'USAGE'), false))
                   AND NOT EXISTS (
                       SELECT 1 FROM pg_catalog.pg_policy p
                        WHERE p.polrelid OPERATOR(pg_catalog.=) t.oid AND p.polpermissive
                          AND p.polcmd OPERATOR(pg_catalog.=) ANY ('{r,*}')
                          AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) OPERATOR(pg_catalog.=) 'true'
                          AND ((0::pg_catalog.oid) OPERATOR(pg_catalog.=) ANY (p.polroles)
                               OR EXISTS (SELECT 1 FROM pg_catalog.unnest(p.polroles) AS g(role), u
                                           WHERE coalesce(pg_catalog.pg_has_role(u.oid, g.role, 'USAGE'), false))))),
            keyless_partitioned AS (
                SELECT pg_catalog.format('%%I.%%I', t.nspname, t.relname) AS name FROM t
                 WHERE t.scoped AND t.relkind OPERATOR(pg_catalog.=) 'p'
                   AND t.relreplident OPERATOR(pg_catalog.<>) 'f'
                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index x
                                    WHERE x.indrelid OPERATOR(pg_catalog.=) t.oid
                                      AND (x.indisprimary OR (x.indisreplident
                                           AND t.relreplident OPERATOR(pg_catalog.=) 'i')))),
            -- NOTHING ignores a primary key too: back to DEFAULT where there is one, else FULL.
            nothing AS (
                SELECT pg_catalog.format('ALTER TABLE %%I.%%I REPLICA IDENTITY %%s;', t.nspname, t.relname,
                           CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_index x
                                              WHERE x.indrelid OPERATOR(pg_catalog.=) t.oid AND x.indisprimary)
                                THEN 'DEFAULT' ELSE 'FULL' END) AS fix
                  FROM t WHERE t.scoped AND t.relreplident OPERATOR(pg_catalog.=) 'n'),
            candidates AS (SELECT t.oid, t.nspname, t.relname FROM t WHERE NOT t.scoped),
            published AS MATERIALIZED (SELECT x.relid FROM (%s) x WHERE EXISTS (SELECT 1 FROM candidates)),
            unreadable AS (
                SELECT pg_catalog.format('%%I.%%I', c.nspname, c.relname) AS name FROM candidates c
                 WHERE c.oid OPERATOR(pg_catalog.=) ANY (SELECT relid FROM published))
            SELECT (SELECT pg_catalog.count(*) FROM hidden), ARRAY(SELECT name FROM hidden ORDER BY name LIMIT %d),
                   (SELECT pg_catalog.count(*) FROM keyless_partitioned),
                   ARRAY(SELECT name FROM keyless_partitioned ORDER BY name LIMIT %d),
                   ARRAY(SELECT fix FROM nothing ORDER BY fix LIMIT %d),
                   (SELECT pg_catalog.count(*) FROM unreadable),
                   ARRAY(SELECT name FROM unreadable ORDER BY name LIMIT %d)
            """;

    /**
     * @param catalog the catalog
     * @param settings clickpipes_user, the configured schemas and the publication
     * @param sample how many names each concern names at most
     * @return what the one pass found
     */
    static TableConcerns read(Catalog catalog, ClickPipesSettings settings, int sample) {
        String sql = QUERY.formatted(Catalog.publishedRelations("?::pg_catalog.text"), sample, sample, sample, sample);
        return catalog.query("find tables ClickPipes would miss rows of or fail on", sql, TableConcerns::of,
                settings.user().value(), catalog.textArray(settings.schemas().stream().map(Identifier::value).toList()),
                settings.publication().value());
    }

    private static TableConcerns of(ResultSet rs) throws SQLException {
        rs.next();
        return new TableConcerns(new Catalog.Sample(rs.getLong(1), Catalog.textArray(rs, 2)),
                new Catalog.Sample(rs.getLong(3), Catalog.textArray(rs, 4)), Catalog.textArray(rs, 5),
                new Catalog.Sample(rs.getLong(6), Catalog.textArray(rs, 7)));
    }
}
