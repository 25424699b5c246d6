package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.config.Identifier;

/** What the bundle's own Flyway history table says about this database. */
public final class BundleHistory {

    /** The version of {@code V2__Create_replication_role}, which creates or adopts clickpipes_user. */
    private static final String ROLE_MIGRATION = "2";

    private BundleHistory() {
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
}
