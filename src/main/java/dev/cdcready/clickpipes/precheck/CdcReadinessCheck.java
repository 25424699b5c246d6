package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.Brief;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.platform.ServerFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What ClickPipes would silently miss or fail on although every grant is in place: rows row-level security hides from
 * clickpipes_user, published tables it cannot read, partitioned parents without a key, REPLICA IDENTITY NOTHING, row
 * filters and column lists on the publication, fewer WAL senders than its validation asks for, and a slot WAL limit
 * that invalidates the slot (a full resync) or lets a stalled pipe fill the disk. Shared by {@code check} (as
 * warnings: the setup itself can go on) and {@code verify} (what the pipe would miss is drift there). The per-table
 * concerns are one pass over the catalog ({@link TableConcerns}), the rest one query each, whatever the number of
 * tables.
 */
public final class CdcReadinessCheck implements Check {

    /** ClickHouse's generic guide asks for at least 100 GB of slot WAL (its FAQ: two days of WAL, ideally 200 GB). */
    static final long ADVISED_WAL_KEEP_MB = 100L * 1024;

    private static final int SAMPLE = Brief.SHOWN;
    private static final int MIN_WAL_SENDERS = 2;

    @Override
    public void run(CheckContext context, List<Finding> findings) {
        findings.addAll(judge(context.catalog(), context.settings(), context.facts(), context.platform(),
                Severity.WARNING));
    }

    /**
     * @param catalog the catalog
     * @param settings the settings
     * @param facts the server
     * @param platform the effective platform
     * @param missedData the severity of findings where ClickPipes would miss data: a warning before the setup, an
     *     error (drift) after it
     * @return the findings
     */
    public static List<Finding> judge(Catalog catalog, ClickPipesSettings settings, ServerFacts facts,
                                      Platform platform, Severity missedData) {
        List<Finding> findings = new ArrayList<>();
        TableConcerns tables = TableConcerns.read(catalog, settings, SAMPLE);
        rowSecurity(tables.hidden(), settings, missedData).ifPresent(findings::add);
        unreadablePublished(tables.unreadablePublished(), settings, missedData).ifPresent(findings::add);
        keylessPartitioned(tables.keylessPartitioned(), missedData).ifPresent(findings::add);
        replicaIdentityNothing(tables.replicaIdentityNothing(), missedData).ifPresent(findings::add);
        if (facts.atLeast(15)) {
            filteredPublication(catalog, settings, missedData).ifPresent(findings::add);
        }
        if (facts.atLeast(13)) {
            walKeep(catalog, platform).ifPresent(findings::add);
        }
        walSenders(catalog, platform, missedData).ifPresent(findings::add);
        return findings;
    }

    /**
     * Tables of the configured schemas with row-level security that clickpipes_user does not bypass (not BYPASSRLS,
     * not a superuser, not the owner of an unforced table) and no permissive {@code USING (true)} SELECT policy lets
     * it see every row: the initial copy and every later read return only what a policy allows, often nothing.
     */
    private static Optional<Finding> rowSecurity(Catalog.Sample hidden, ClickPipesSettings settings,
                                                 Severity severity) {
        Identifier user = settings.user();
        if (hidden.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder policies = new StringBuilder();
        for (String table : hidden.first()) {
            policies.append("CREATE POLICY clickpipes_user_reads_all ON ").append(table)
                    .append(" FOR SELECT TO ").append(user.quoted()).append(" USING (true); ");
        }
        return Optional.of(new Finding(severity, FindingCode.ROW_SECURITY_HIDES_ROWS, hidden.total() + " table(s) have "
                + "row-level security that " + user + " does not bypass: " + hidden.describe() + ". ClickPipes' "
                + "initial copy reads only the rows a policy shows it (often none); the changes it streams are not "
                + "filtered, so the copy and the stream disagree.",
                "ALTER ROLE " + user.quoted() + " BYPASSRLS; (as a superuser; where you cannot, a policy per table:) "
                        + policies.toString().strip()
                        + (hidden.total() > hidden.first().size() ? " (likewise for each other table)" : "")));
    }

    /**
     * Partitioned tables of the configured schemas with neither a primary key nor REPLICA IDENTITY FULL. Their
     * partitions are judged like any table (KEYLESS_TABLES); the parent is what ClickPipes replicates with
     * publish_via_partition_root, and its validation refuses a parent without a key that is not FULL.
     */
    private static Optional<Finding> keylessPartitioned(Catalog.Sample keyless, Severity severity) {
        if (keyless.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(severity, FindingCode.PARTITIONED_WITHOUT_KEY, keyless.total() + " partitioned "
                + "table(s) have neither a primary key nor REPLICA IDENTITY FULL: " + keyless.describe() + ". "
                + "ClickPipes replicates a partitioned table as its parent and refuses one without a key that is not "
                + "REPLICA IDENTITY FULL.", keyless.first().stream().map(t -> "ALTER TABLE " + t
                        + " REPLICA IDENTITY FULL;").collect(Collectors.joining(" "))
                + (keyless.total() > keyless.first().size() ? " (likewise for each other table)" : "")
                + " Or add a primary key that includes the partition key."));
    }

    /**
     * Tables of the configured schemas set to REPLICA IDENTITY NOTHING: PeerDB's validation refuses them, and
     * PostgreSQL refuses UPDATE and DELETE on them while they are published — even with a primary key, which NOTHING
     * ignores. The fix per table: DEFAULT where a primary key exists, else FULL.
     */
    private static Optional<Finding> replicaIdentityNothing(List<String> fixes, Severity severity) {
        if (fixes.isEmpty()) {
            return Optional.empty();
        }
        String tables = fixes.stream().map(f -> f.substring("ALTER TABLE ".length(), f.indexOf(" REPLICA")))
                .collect(Collectors.joining(", "));
        return Optional.of(new Finding(severity, FindingCode.REPLICA_IDENTITY_NOTHING, "Table(s) with REPLICA IDENTITY "
                + "NOTHING: " + tables + (fixes.size() == SAMPLE ? " (the first " + SAMPLE + ")" : "") + ". ClickPipes' "
                + "validation refuses them, and PostgreSQL refuses UPDATE and DELETE on them while they are "
                + "published, primary key or not.", String.join(" ", fixes)));
    }

    /**
     * Tables the publication holds, outside the configured schemas, that clickpipes_user cannot read — a FOR ALL
     * TABLES publication also holds every schema outside clickpipes_schemas. PeerDB's table picker offers them and its
     * validation ({@code SELECT * FROM t LIMIT 0} as the pipe's user) then fails; Debezium without a table list fails
     * its whole snapshot. Tables of the configured schemas are left to the schema-access step: migrate grants them,
     * and verify reports what it could not (TABLES_NOT_READABLE); here they would be told to be added to the schemas
     * they are already in.
     */
    private static Optional<Finding> unreadablePublished(Catalog.Sample unreadable, ClickPipesSettings settings,
                                                         Severity severity) {
        Identifier user = settings.user();
        if (unreadable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(severity, FindingCode.PUBLISHED_NOT_READABLE, "Publication " + settings.publication()
                + " holds " + unreadable.total() + " table(s) that " + user + " cannot read: "
                + unreadable.describe() + ". ClickPipes offers them, and a pipe that includes one fails its "
                + "validation; a CDC client without a table list fails its whole snapshot.",
                "Add their schemas to clickpipes_schemas and run migrate again, or publish only the configured "
                        + "schemas: clickpipes_publication_scope=schemas (a new publication name, or DROP PUBLICATION "
                        + settings.publication().quoted() + "; first)."));
    }

    /**
     * Row filters and column lists (PostgreSQL 15+) on the publication: ClickPipes would never receive the rows or
     * columns they leave out, and nothing tells it so.
     */
    private static Optional<Finding> filteredPublication(Catalog catalog, ClickPipesSettings settings,
                                                         Severity severity) {
        Identifier publication = settings.publication();
        List<String> filtered = catalog.query("find row filters and column lists on " + publication, """
                SELECT pg_catalog.format('%I.%I', n.nspname, c.relname), pr.prqual IS NOT NULL, pr.prattrs IS NOT NULL
                  FROM pg_catalog.pg_publication_rel pr
                  JOIN pg_catalog.pg_publication p ON p.oid OPERATOR(pg_catalog.=) pr.prpubid
                  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) pr.prrelid
                  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                 WHERE p.pubname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                   AND (pr.prqual IS NOT NULL OR pr.prattrs IS NOT NULL)
                 ORDER BY 1
                """, rs -> {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1) + (rs.getBoolean(2) ? " (row filter)" : "")
                                + (rs.getBoolean(3) ? " (column list)" : ""));
                    }
                    return out;
                }, publication.value());
        if (filtered.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder fix = new StringBuilder();
        for (String entry : filtered) {
            String table = entry.substring(0, entry.indexOf(" ("));
            fix.append("ALTER PUBLICATION ").append(publication.quoted()).append(" DROP TABLE ").append(table)
                    .append("; ALTER PUBLICATION ").append(publication.quoted()).append(" ADD TABLE ").append(table)
                    .append("; ");
        }
        return Optional.of(new Finding(severity, FindingCode.PUBLICATION_FILTERED, "Publication " + publication + " filters "
                + "what it publishes: " + String.join(", ", filtered) + ". ClickPipes never receives the rows or "
                + "columns left out, and nothing tells it so.", fix.toString().strip()));
    }

    /**
     * {@code max_slot_wal_keep_size} (PostgreSQL 13+, in MB): too small and a pipe that falls behind loses its slot
     * (the only way back is a full resync); unbounded and a stalled pipe keeps WAL until the disk is full.
     */
    private static Optional<Finding> walKeep(Catalog catalog, Platform platform) {
        Long keepMb = catalog.query("read max_slot_wal_keep_size", """
                SELECT setting::pg_catalog.int8 FROM pg_catalog.pg_settings
                 WHERE name OPERATOR(pg_catalog.=) 'max_slot_wal_keep_size'
                """, rs -> rs.next() ? rs.getLong(1) : null);
        if (keepMb == null || (keepMb >= ADVISED_WAL_KEEP_MB)) {
            return Optional.empty();
        }
        String fix = platform.isAws()
                ? "Set max_slot_wal_keep_size = 204800 (MB, 200 GB; at least two days of WAL) in the DB cluster "
                        + "parameter group (Aurora) or DB parameter group (RDS); it applies without a reboot."
                : "ALTER SYSTEM SET max_slot_wal_keep_size = '200GB'; SELECT pg_catalog.pg_reload_conf();";
        if (keepMb < 0) {
            return Optional.of(Finding.warning(FindingCode.WAL_KEEP_UNBOUNDED, "max_slot_wal_keep_size is -1 (unbounded): "
                    + "a stalled or abandoned pipe's slot keeps WAL until the disk is full.", fix));
        }
        return Optional.of(Finding.warning(FindingCode.WAL_KEEP_TOO_SMALL, "max_slot_wal_keep_size is " + keepMb + " MB; "
                + "ClickHouse advises at least two days of WAL (100 GB or more, ideally 200 GB). A pipe that falls "
                + "further behind loses its slot, and the only way back is a full resync.", fix));
    }

    /**
     * PeerDB's source validation refuses a server with {@code max_wal_senders} below 2 (one for the pipe's stream,
     * one for its snapshot), so a pipe on it never starts.
     */
    private static Optional<Finding> walSenders(Catalog catalog, Platform platform, Severity severity) {
        int senders = catalog.query("read max_wal_senders", """
                SELECT setting::pg_catalog.int4 FROM pg_catalog.pg_settings
                 WHERE name OPERATOR(pg_catalog.=) 'max_wal_senders'
                """, rs -> rs.next() ? rs.getInt(1) : MIN_WAL_SENDERS);
        if (senders >= MIN_WAL_SENDERS) {
            return Optional.empty();
        }
        return Optional.of(new Finding(severity, FindingCode.MAX_WAL_SENDERS_TOO_LOW, "max_wal_senders is " + senders
                + "; ClickPipes' validation requires at least " + MIN_WAL_SENDERS + ", so a pipe would not start.",
                platform.isAws() ? "Set max_wal_senders = 10 in the parameter group and reboot the writer instance."
                        : "ALTER SYSTEM SET max_wal_senders = 10; then restart PostgreSQL."));
    }

    @Override
    public String toString() {
        return "CDC readiness";
    }
}
