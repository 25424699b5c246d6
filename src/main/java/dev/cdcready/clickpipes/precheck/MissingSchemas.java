package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.Brief;
import dev.cdcready.clickpipes.config.Identifier;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SCHEMA_MISSING finding. A schema-per-tenant configuration can name thousands of schemas; pointed at the wrong
 * database, all of them are missing, and a message listing every name would bury the point. It shows the first few
 * and the count, and its fix creates exactly the schemas it shows.
 */
final class MissingSchemas {

    private MissingSchemas() {
    }

    /**
     * @param missing the configured schemas that do not exist, in configuration order
     * @param database the database the bundle is connected to (many missing schemas usually mean the wrong one)
     * @return the finding
     */
    static Finding finding(List<String> missing, String database) {
        List<String> shown = Brief.first(missing);
        boolean cut = missing.size() > shown.size();
        String names = new Catalog.Sample(missing.size(), shown).describe();
        String create = shown.stream().map(name -> "CREATE SCHEMA " + new Identifier(name).quoted() + ";")
                .collect(Collectors.joining(" "));
        return Finding.error(FindingCode.SCHEMA_MISSING,
                "clickpipes_schemas names " + missing.size() + " schema(s) that do not exist in database "
                        + Identifier.printable(database) + ": " + names + " (names are exact and case-sensitive"
                        + (cut ? "; so many missing usually means the wrong database or a misspelt list" : "") + ").",
                "Correct clickpipes_schemas, or create " + (cut ? "them, the first " + shown.size() + " with: "
                        : "the missing schema(s) with: ") + create + Brief.nextOnes(missing.size(), shown.size()));
    }
}
