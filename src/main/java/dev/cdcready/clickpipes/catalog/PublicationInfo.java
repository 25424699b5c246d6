package dev.cdcready.clickpipes.catalog;

import java.util.List;

/**
 * The catalog's view of one publication.
 *
 * @param exists whether it exists
 * @param allTables {@code puballtables}
 * @param schemas schemas published with {@code TABLES IN SCHEMA} (15+)
 * @param tableCount tables listed explicitly ({@code pg_publication_rel})
 * @param ownedByCurrentUser whether the migrating role has its owner's privileges
 * @param publishesAllChanges insert, update, delete and truncate are all published
 */
public record PublicationInfo(boolean exists, boolean allTables, List<String> schemas, int tableCount,
                              boolean ownedByCurrentUser, boolean publishesAllChanges) {

    public PublicationInfo {
        schemas = List.copyOf(schemas);
    }

    /** A publication that does not exist. */
    public static final PublicationInfo MISSING = new PublicationInfo(false, false, List.of(), 0, false, false);

    /** @return how the existing publication is scoped, in the words of the configuration */
    public String describeScope() {
        if (allTables) {
            return "FOR ALL TABLES";
        }
        if (!schemas.isEmpty()) {
            return "FOR TABLES IN SCHEMA " + String.join(", ", schemas)
                    + (tableCount > 0 ? " and " + tableCount + " listed table(s)" : "");
        }
        return "FOR TABLE with " + tableCount + " listed table(s)";
    }
}
