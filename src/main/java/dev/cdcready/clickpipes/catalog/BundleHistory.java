package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.config.Identifier;
import org.flywaydb.core.api.configuration.Configuration;

/** What the bundle's own Flyway history table says about this database. */
public final class BundleHistory {

    /** The version of {@code V2__Create_replication_role}, which creates or adopts clickpipes_user. */
    private static final String ROLE_MIGRATION = "2";

    private BundleHistory() {
    }

    /**
     * @param configuration a Flyway configuration
     * @return the schema Flyway keeps its history table in: the default schema, else the first of {@code schemas},
     *     else {@code public}
     */
    public static String schemaOf(Configuration configuration) {
        return configuration.getDefaultSchema() != null ? configuration.getDefaultSchema()
                : configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : "public";
    }

    /**
     * @param catalog the catalog of this database
     * @param schema the history table's schema
     * @param table the history table
     * @return whether the role's migration has run successfully here; false when there is no history table
     */
    public static boolean roleMigrationApplied(Catalog catalog, String schema, String table) {
        if (!catalog.tableExists(schema, table)) {
            return false;
        }
        String history = new Identifier(schema).quoted() + "." + new Identifier(table).quoted();
        return catalog.query("read the bundle's history", "SELECT EXISTS (SELECT 1 FROM " + history
                + " h WHERE h.version OPERATOR(pg_catalog.=) ?::pg_catalog.text AND h.success)",
                rs -> rs.next() && rs.getBoolean(1), ROLE_MIGRATION);
    }

    /**
     * @param catalog the catalog of this database
     * @param schema the history table's schema
     * @param table the history table
     * @param script a repeatable migration's script (its class name)
     * @return the checksum of its latest successful run; null when it never ran or there is no history table
     */
    public static Integer latestChecksum(Catalog catalog, String schema, String table, String script) {
        if (!catalog.tableExists(schema, table)) {
            return null;
        }
        String history = new Identifier(schema).quoted() + "." + new Identifier(table).quoted();
        return catalog.query("read the latest run of " + script + " in the bundle's history", "SELECT h.checksum FROM "
                + history + " h WHERE h.script OPERATOR(pg_catalog.=) ?::pg_catalog.text AND h.success"
                + " ORDER BY h.installed_rank DESC LIMIT 1", rs -> {
                    if (!rs.next()) {
                        return null;
                    }
                    int checksum = rs.getInt(1);
                    return rs.wasNull() ? null : checksum;
                }, script);
    }
}
