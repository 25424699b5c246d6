package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.config.Identifier;
import java.util.List;

/**
 * What an existing publication publishes beyond its list of tables: the operations, whether partitions are published
 * through their root (13+), and the tables whose rows or columns it narrows (row filters and column lists, 15+).
 * Someone altering these after migrate makes ClickPipes miss changes without any error, so migrate puts them back.
 *
 * @param viaPartitionRoot {@code pubviaroot}; true before 13, where the option does not exist
 * @param narrowedTables tables published with a row filter or a column list, quoted and schema-qualified
 */
public record PublicationOptions(boolean viaPartitionRoot, List<String> narrowedTables) {

    /** What a publication that does not exist contributes: nothing to repair. */
    public static final PublicationOptions NONE = new PublicationOptions(true, List.of());

    public PublicationOptions {
        narrowedTables = List.copyOf(narrowedTables);
    }

    /**
     * One query.
     *
     * @param catalog the catalog
     * @param publication the publication's name
     * @param major the server's major version
     * @return the publication's options; {@link #NONE} when it does not exist
     */
    public static PublicationOptions read(Catalog catalog, Identifier publication, int major) {
        String viaRoot = major >= 13 ? "p.pubviaroot" : "true";
        String narrowed = major >= 15 ? """
                ARRAY(SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
                        FROM pg_catalog.pg_publication_rel r
                        JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) r.prrelid
                        JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                       WHERE r.prpubid OPERATOR(pg_catalog.=) p.oid
                         AND (r.prqual IS NOT NULL OR r.prattrs IS NOT NULL)
                       ORDER BY 1)""" : "ARRAY[]::pg_catalog.text[]";
        return catalog.query("read the options of publication " + publication, "SELECT " + viaRoot + ", " + narrowed
                + " FROM pg_catalog.pg_publication p WHERE p.pubname OPERATOR(pg_catalog.=) ?::pg_catalog.text",
                rs -> rs.next() ? new PublicationOptions(rs.getBoolean(1), Catalog.textArray(rs, 2)) : NONE,
                publication.value());
    }
}
