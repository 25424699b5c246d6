package dev.cdcready.clickpipes.publication;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.Catalog.TableToPublish;
import dev.cdcready.clickpipes.catalog.PublicationInfo;
import dev.cdcready.clickpipes.catalog.PublicationOptions;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.PublicationScope;
import dev.cdcready.clickpipes.platform.ServerFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What must happen to the publication for it to match the settings: create it, add what is missing, publish every
 * operation (through the partition root, 13+), and publish the whole of each table (no row filter or column list,
 * 15+). Never removes a table and never changes an existing publication's scope.
 *
 * @param create whether the publication must be created
 * @param superuserClause whether a statement uses FOR ALL TABLES or TABLES IN SCHEMA (superuser / rds_superuser)
 * @param statements the SQL to run, in order
 * @param tablesToAdd how many tables the statements add
 * @param ownersNotHeld owners of tables to add whose privileges the migrating role lacks
 * @param repairs what the statements put back on an existing publication, in words (empty when nothing)
 */
public record PublicationPlan(boolean create, boolean superuserClause, List<String> statements, int tablesToAdd,
                              List<String> ownersNotHeld, List<String> repairs) {

    /** ALTER PUBLICATION ... ADD TABLE takes this many tables per statement. */
    private static final int BATCH = 500;

    public PublicationPlan {
        statements = List.copyOf(statements);
        ownersNotHeld = List.copyOf(ownersNotHeld);
        repairs = List.copyOf(repairs);
    }

    /**
     * @param catalog the catalog
     * @param settings the settings
     * @param facts the server
     * @param existing the publication as it is now
     * @return the plan; empty when the publication already matches
     */
    public static PublicationPlan of(Catalog catalog, ClickPipesSettings settings, ServerFacts facts,
                                     PublicationInfo existing) {
        String name = settings.publication().quoted();
        String options = facts.atLeast(13) ? " WITH (publish_via_partition_root = true)" : "";
        List<String> statements = new ArrayList<>();
        List<String> repairs = new ArrayList<>();
        if (existing.exists()) {
            repair(catalog, settings, facts, existing, statements, repairs);
        }
        if (settings.scope() == PublicationScope.ALL_TABLES) {
            if (!existing.exists()) {
                statements.add("CREATE PUBLICATION " + name + " FOR ALL TABLES" + options);
            }
            return new PublicationPlan(!existing.exists(), !existing.exists(), statements, 0, List.of(), repairs);
        }
        if (settings.scope() == PublicationScope.SCHEMAS && facts.atLeast(15)) {
            Set<String> missing = new TreeSet<>(settings.schemas().stream().map(Identifier::value).toList());
            missing.removeAll(existing.schemas());
            if (!missing.isEmpty()) {
                String schemas = missing.stream().map(s -> new Identifier(s).quoted()).collect(Collectors.joining(", "));
                statements.add(existing.exists() ? "ALTER PUBLICATION " + name + " ADD TABLES IN SCHEMA " + schemas
                        : "CREATE PUBLICATION " + name + " FOR TABLES IN SCHEMA " + schemas + options);
            }
            return new PublicationPlan(!existing.exists(), !missing.isEmpty(), statements, 0, List.of(), repairs);
        }
        List<TableToPublish> tables = catalog.unpublishedTables(settings.publication(),
                settings.scope() == PublicationScope.SCHEMAS ? settings.schemas() : null,
                settings.scope() == PublicationScope.TABLES ? settings.tables() : null, facts.atLeast(13));
        if (!existing.exists()) {
            statements.add("CREATE PUBLICATION " + name + options);
        }
        for (int from = 0; from < tables.size(); from += BATCH) {
            List<TableToPublish> batch = tables.subList(from, Math.min(tables.size(), from + BATCH));
            statements.add("ALTER PUBLICATION " + name + " ADD TABLE "
                    + batch.stream().map(TableToPublish::quotedName).collect(Collectors.joining(", ")));
        }
        List<String> ownersNotHeld = tables.stream().filter(t -> !t.ownerHeld()).map(TableToPublish::owner)
                .distinct().sorted().toList();
        return new PublicationPlan(!existing.exists(), false, statements, tables.size(), ownersNotHeld, repairs);
    }

    /**
     * What was altered on an existing publication since migrate made or adopted it. The bundle created it publishing
     * every operation through the partition root; a row filter or a column list hides changes from ClickPipes. A
     * table is dropped and added back in the same transaction, which clears both without ever leaving it unpublished
     * to a committed snapshot.
     */
    private static void repair(Catalog catalog, ClickPipesSettings settings, ServerFacts facts,
                               PublicationInfo existing, List<String> statements, List<String> repairs) {
        String name = settings.publication().quoted();
        PublicationOptions options = PublicationOptions.read(catalog, settings.publication(), facts.major());
        if (!existing.publishesAllChanges() || !options.viaPartitionRoot()) {
            statements.add("ALTER PUBLICATION " + name + " SET (publish = 'insert, update, delete, truncate'"
                    + (facts.atLeast(13) ? ", publish_via_partition_root = true" : "") + ")");
            repairs.add(!existing.publishesAllChanges() ? "publish insert, update, delete and truncate"
                    : "publish partitions through their root");
        }
        List<String> narrowed = options.narrowedTables();
        for (int from = 0; from < narrowed.size(); from += BATCH) {
            String batch = String.join(", ", narrowed.subList(from, Math.min(narrowed.size(), from + BATCH)));
            statements.add("ALTER PUBLICATION " + name + " DROP TABLE " + batch);
            statements.add("ALTER PUBLICATION " + name + " ADD TABLE " + batch);
        }
        if (!narrowed.isEmpty()) {
            repairs.add("publish every row and column of " + narrowed.size() + " table(s) that had a row filter or "
                    + "a column list");
        }
    }

    /**
     * @param existing an existing publication
     * @param scope the configured scope
     * @param facts the server
     * @return whether the existing publication is of the configured kind (then it is adopted and extended)
     */
    public static boolean scopeMatches(PublicationInfo existing, PublicationScope scope, ServerFacts facts) {
        return switch (scope) {
            case ALL_TABLES -> existing.allTables();
            case SCHEMAS -> facts.atLeast(15)
                    ? !existing.allTables() && (existing.tableCount() == 0 || !existing.schemas().isEmpty())
                    : !existing.allTables();
            case TABLES -> !existing.allTables() && existing.schemas().isEmpty();
        };
    }

    /**
     * The fix of a scope conflict ({@link #scopeMatches} false), one text for the pre-check and verify: each
     * alternative is complete as written — the setting that matches the publication as it is (migrate then adopts and
     * repairs it), another name, or the statement that drops it so that migrate creates it with the configured scope.
     *
     * @param existing the existing publication
     * @param publication its name
     * @return the fix
     */
    public static String scopeConflictFix(PublicationInfo existing, Identifier publication) {
        String matching;
        if (existing.allTables()) {
            matching = "clickpipes_publication_scope=all_tables";
        } else if (!existing.schemas().isEmpty()) {
            matching = "clickpipes_publication_scope=schemas with clickpipes_schemas=" + String.join(",",
                    existing.schemas());
        } else {
            matching = "clickpipes_publication_scope=tables with clickpipes_tables naming its " + existing.tableCount()
                    + " table(s)";
        }
        return "Set " + matching + " to match it, choose another clickpipes_publication, or drop it (DROP PUBLICATION "
                + publication.quoted() + ";); then run migrate again.";
    }

    /** @return true when nothing needs to change */
    public boolean isEmpty() {
        return statements.isEmpty();
    }

    /** @return what the plan does, for messages */
    public String describe() {
        if (isEmpty()) {
            return "nothing to change";
        }
        if (create) {
            return "create it" + (tablesToAdd > 0 ? " with " + tablesToAdd + " table(s)" : "");
        }
        List<String> parts = new ArrayList<>(repairs);
        if (tablesToAdd > 0) {
            parts.add("add " + tablesToAdd + " table(s)");
        } else if (superuserClause) {
            parts.add("add schema(s)");
        }
        return String.join("; ", parts);
    }

    /** @return whether a statement needs superuser or rds_superuser */
    public boolean needsSuperuserClause() {
        return superuserClause;
    }
}
