package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.access.DefaultPrivileges;
import dev.cdcready.clickpipes.config.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What clickpipes_user lacks of its read access, as found in the catalog.
 *
 * @param schemasWithoutUsage configured schemas it has no USAGE on
 * @param unreadableTotal how many tables of the configured schemas it cannot SELECT from
 * @param unreadable their names, quoted and schema-qualified, sorted; all of them for an apply, the first few for a
 *     verification
 * @param missingDefaults per owner, the schemas where that owner's future tables would not be readable
 * @param historyGrants the grants on the bundle's history table it lacks (empty when not asked for)
 * @param checkpoint what the pass establishes when it read every configured table and found them all readable
 */
public record SchemaAccessDiff(List<Identifier> schemasWithoutUsage, long unreadableTotal, List<String> unreadable,
                               Map<Identifier, List<Identifier>> missingDefaults, List<String> historyGrants,
                               Optional<TableCheckpoint> checkpoint) {

    /**
     * Names per statement: one GRANT for a thousand tables costs a thousandth of the round trips and parse work of a
     * thousand GRANTs, and still keeps each statement short, so the progress line moves and a lock wait is bounded
     * per statement.
     */
    static final int NAMES_PER_STATEMENT = 1000;

    public SchemaAccessDiff {
        schemasWithoutUsage = List.copyOf(schemasWithoutUsage);
        unreadable = List.copyOf(unreadable);
        missingDefaults = Map.copyOf(missingDefaults);
        historyGrants = List.copyOf(historyGrants);
    }

    /** @return whether nothing is missing */
    public boolean isEmpty() {
        return schemasWithoutUsage.isEmpty() && unreadableTotal == 0 && missingDefaults.isEmpty()
                && historyGrants.isEmpty();
    }

    /** @return whether every unreadable table is named (an apply's diff; a verification names only a few) */
    boolean complete() {
        return unreadable.size() == unreadableTotal;
    }

    /**
     * @param user clickpipes_user
     * @return exactly the statements that give it what it lacks, and nothing it holds: USAGE on the schemas, default
     *     privileges per owner, then SELECT on the tables — batched
     */
    public List<String> statements(Identifier user) {
        if (!complete()) {
            throw new IllegalStateException("a verification's diff names only some tables; apply needs them all");
        }
        List<String> statements = new ArrayList<>(usageGrants(user));
        statements.addAll(defaultPrivilegeGrants(user));
        for (List<String> tables : batches(unreadable)) {
            statements.add("GRANT SELECT ON TABLE " + String.join(", ", tables) + " TO " + user.quoted());
        }
        statements.addAll(historyGrants);
        return statements;
    }

    /** @return {@code GRANT USAGE ON SCHEMA …} for the schemas without USAGE, batched */
    List<String> usageGrants(Identifier user) {
        List<String> statements = new ArrayList<>();
        for (List<Identifier> schemas : batches(schemasWithoutUsage)) {
            statements.add("GRANT USAGE ON SCHEMA " + String.join(", ", schemas.stream().map(Identifier::quoted)
                    .toList()) + " TO " + user.quoted());
        }
        return statements;
    }

    /** @return one {@code ALTER DEFAULT PRIVILEGES} per owner with the schemas it lacks them in, batched */
    List<String> defaultPrivilegeGrants(Identifier user) {
        List<String> statements = new ArrayList<>();
        missingDefaults.entrySet().stream().sorted(Map.Entry.comparingByKey(
                        (a, b) -> a.value().compareTo(b.value())))
                .forEach(owner -> batches(owner.getValue()).forEach(schemas ->
                        statements.add(DefaultPrivileges.grantSelect(owner.getKey(), schemas, user))));
        return statements;
    }

    private static <T> List<List<T>> batches(List<T> all) {
        List<List<T>> batches = new ArrayList<>();
        for (int first = 0; first < all.size(); first += NAMES_PER_STATEMENT) {
            batches.add(all.subList(first, Math.min(all.size(), first + NAMES_PER_STATEMENT)));
        }
        return batches;
    }
}
