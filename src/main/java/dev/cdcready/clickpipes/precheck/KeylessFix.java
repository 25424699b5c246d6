package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import java.util.stream.Collectors;

/**
 * The fix for tables without a primary key or replica identity, one text for check (KEYLESS_TABLES) and verify
 * (KEYLESS_TABLES_PUBLISHED): a statement per named table, so it runs as printed.
 */
public final class KeylessFix {

    private KeylessFix() {
    }

    /**
     * @param keyless the keyless tables (names already quoted where needed)
     * @return e.g. {@code ALTER TABLE a REPLICA IDENTITY FULL; ALTER TABLE b REPLICA IDENTITY FULL; (or give each a
     *     primary key)}, saying so when the sample is cut
     */
    public static String statements(Catalog.Sample keyless) {
        String statements = keyless.first().stream().map(table -> "ALTER TABLE " + table + " REPLICA IDENTITY FULL;")
                .collect(Collectors.joining(" "));
        long rest = keyless.total() - keyless.first().size();
        return statements + (rest > 0 ? " (likewise for the " + rest + " other(s), or give each a primary key)"
                : " (or give each a primary key)");
    }
}
