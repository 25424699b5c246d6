package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.catalog.RoleRights.Right;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.ReservedSchemas;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rights clickpipes_user may hold — what the bundle grants, plus what a hand-made setup per the ClickPipes guide
 * holds — and everything else a role holds, which is too much: the one place both the adoption of an existing role
 * (pre-check {@code ROLE_NOT_CDC_SHAPED}) and {@code verify} ({@code ROLE_EXCESS_RIGHTS}) judge a role by.
 *
 * <p>Documented: LOGIN; REPLICATION or membership in rds_replication (and rds_iam, for IAM logins on AWS); BYPASSRLS,
 * because row-level security would otherwise hide rows from the initial copy; USAGE on the configured schemas; SELECT
 * on their tables and columns, now and by default privileges; USAGE on the bundle's history schema and SELECT on its
 * history table, which a FOR ALL TABLES publication holds (CDC clients snapshot every published table); CONNECT and
 * TEMPORARY on databases, which PUBLIC holds anyway.
 */
public final class DocumentedRights {

    private static final Set<String> ATTRIBUTES = Set.of("LOGIN", "REPLICATION", "BYPASSRLS");
    private static final Set<String> MEMBERSHIPS = Set.of("rds_replication", "rds_iam");
    private static final Set<String> DATABASE_PRIVILEGES = Set.of("CONNECT", "TEMPORARY");

    private static final String HISTORY_SCHEMA = ReservedSchemas.BUNDLE_HISTORY_SCHEMA;
    /** As {@link Right#what()} names it: the names are plain lower case, so quoting leaves them as they are. */
    private static final String HISTORY_TABLE = "table " + HISTORY_SCHEMA + "." + ReservedSchemas.BUNDLE_HISTORY_TABLE
            + ": SELECT";

    private DocumentedRights() {
    }

    /**
     * @param catalog the catalog of this database
     * @param settings the settings (clickpipes_user and the schemas it may read)
     * @return the rights of clickpipes_user beyond the documented set; empty when there are none or it does not exist
     */
    public static List<Right> excess(Catalog catalog, ClickPipesSettings settings) {
        Set<String> schemas = settings.schemas().stream().map(Identifier::value).collect(Collectors.toSet());
        // Reads of the configured schemas (USAGE, SELECT on their tables and columns, and by default privileges) are
        // documented: the query leaves them out rather than list a row per table.
        return RoleRights.beyondReading(catalog, settings.user(), schemas).stream()
                .filter(r -> !documented(r)).toList();
    }

    static boolean documented(Right right) {
        return switch (right.kind()) {
            case "attribute" -> ATTRIBUTES.contains(right.privilege());
            case "member" -> MEMBERSHIPS.contains(right.privilege());
            case "database" -> DATABASE_PRIVILEGES.contains(right.privilege());
            // Reads of the configured schemas never get here (see excess); the history schema and table are the one
            // read outside them.
            case "schema" -> "USAGE".equals(right.privilege()) && HISTORY_SCHEMA.equals(right.schema());
            case "table" -> "SELECT".equals(right.privilege()) && HISTORY_TABLE.equals(right.what());
            default -> false;
        };
    }

    /** @return the rights, one per line-ish: {@code table s.t: INSERT; attribute CREATEROLE} */
    public static String describe(List<Right> rights) {
        return rights.stream().map(Right::what).distinct().collect(Collectors.joining("; "));
    }

    /** @return the statements that remove them, each once, in order */
    public static String fixes(List<Right> rights) {
        return rights.stream().map(Right::fix).distinct().collect(Collectors.joining(" "));
    }
}
