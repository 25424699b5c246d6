package dev.cdcready.clickpipes.connection;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import java.sql.Connection;
import java.util.List;

/**
 * Refuses a history schema that someone other than the migrating role (or a superuser) controls. Flyway puts that
 * schema first on the search_path while the bundle's migrations and callback run, ahead of pg_catalog: a function or
 * operator there would run as the master user. So the schema must not exist yet, or be owned by the migrating role or
 * a superuser with no other role allowed to CREATE in it.
 */
public final class HistorySchemaGuard {

    /** The finding's code. */
    public static final FindingCode CODE = FindingCode.UNSAFE_HISTORY_SCHEMA;

    // One row when the schema exists: its owner, whether that owner is trusted, and every other role that may CREATE.
    private static final String SQL = """
            SELECT pg_catalog.pg_get_userbyid(n.nspowner),
                   n.nspowner OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_roles
                                                      WHERE rolname OPERATOR(pg_catalog.=) current_user)
                       OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE oid OPERATOR(pg_catalog.=) n.nspowner),
                   ARRAY(SELECT DISTINCT CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                                              ELSE pg_catalog.pg_get_userbyid(a.grantee) END
                           FROM pg_catalog.aclexplode(n.nspacl) a
                          WHERE a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
                            AND NOT a.grantee OPERATOR(pg_catalog.=) n.nspowner
                            AND NOT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles
                                               WHERE oid OPERATOR(pg_catalog.=) a.grantee), false)
                          ORDER BY 1)
              FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) ?::pg_catalog.text
            """;

    private HistorySchemaGuard() {
    }

    /**
     * @param connection a connection as the migrating role
     * @param schema the history table's schema
     * @throws ClickPipesException when someone else controls the schema
     */
    public static void require(Connection connection, String schema) {
        Finding finding = check(new Catalog(connection), schema);
        if (finding != null) {
            throw new ClickPipesException("ClickPipes refused the history schema; nothing was written."
                    + System.lineSeparator() + finding.render());
        }
    }

    /** @return the refusal, or null when the schema is missing or safe */
    static Finding check(Catalog catalog, String schema) {
        return catalog.query("check the history schema " + schema, SQL, rs -> {
            if (!rs.next()) {
                return null;
            }
            String owner = rs.getString(1);
            boolean trustedOwner = rs.getBoolean(2);
            List<String> creators = List.of((String[]) rs.getArray(3).getArray());
            if (trustedOwner && creators.isEmpty()) {
                return null;
            }
            String quoted = new Identifier(schema).quoted();
            return Finding.error(CODE, "The history schema " + quoted + " already exists"
                    + (trustedOwner ? "" : ", owned by " + owner + ", not by the migrating role or a superuser")
                    + (creators.isEmpty() ? "" : (trustedOwner ? "" : ",") + " and " + String.join(", ", creators)
                            + " may CREATE in it")
                    + ". Flyway puts it ahead of pg_catalog on the search_path while the bundle runs as the master "
                    + "user, so whoever controls it could plant functions or operators that run with the master "
                    + "user's rights. It must not exist (Flyway creates it) or belong to the migrating role, with no "
                    + "other role allowed to CREATE in it.",
                    "Inspect it (\\dn+ " + quoted + ", \\df " + quoted + ".*, \\do " + quoted + ".*); if it holds "
                            + "nothing of yours: DROP SCHEMA " + quoted + " CASCADE; otherwise: ALTER SCHEMA " + quoted
                            + " OWNER TO CURRENT_USER; REVOKE CREATE ON SCHEMA " + quoted + " FROM PUBLIC"
                            + creators.stream().filter(c -> !c.equals("PUBLIC"))
                                    .map(c -> ", " + new Identifier(c).quoted()).reduce("", String::concat)
                            + ";");
        }, schema);
    }
}
