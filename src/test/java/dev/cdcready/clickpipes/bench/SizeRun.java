package dev.cdcready.clickpipes.bench;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.testsupport.StatementCounter;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.verify.DriftCheck;
import dev.cdcready.clickpipes.verify.Verifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Measures every variant on one database. Each first apply starts from the same state: {@link ManualSetup#reset}
 * undoes a setup in seconds, where copying a template database of 100,000 tables would take minutes.
 */
final class SizeRun {

    /** Nothing-pending runs of bare Flyway and of the bundle in each round (see {@link #round}). */
    static final int NOTHING_PENDING_RUNS = 7;

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private final TestServer server;
    private final String database;
    private final SizeResult result;
    private final StatementCounter counter = new StatementCounter();
    private final DataSource dataSource;
    /** For the manual setup and bare Flyway, which are not the bundle: their unqualified queries may meet the bait. */
    private final DataSource applicationDataSource;
    private final ManualSetup manual;
    private final Map<String, String> placeholders;
    private final ClickPipesSettings settings;
    /** The placeholders and settings with one schema more (see {@link #oneSchemaAdded}). */
    private final Map<String, String> withAdded;
    private final ClickPipesSettings settingsWithAdded;

    SizeRun(TestServer server, String database, Size size, char[] password, Path scratch) {
        this.server = server;
        this.database = database;
        this.result = new SizeResult(size);
        this.dataSource = counter.wrap(server.superuserDataSource(database));
        this.applicationDataSource = counter.wrap(server.applicationDataSource(database));
        this.manual = new ManualSetup(size.schemaNames(), password, scratch.resolve(database));
        this.placeholders = Map.of("clickpipes_schemas", String.join(",", size.schemaNames()),
                "clickpipes_password", new String(password));
        this.settings = SettingsReader.read(placeholders, Map.of());
        List<String> schemasWithAdded = new ArrayList<>(size.schemaNames());
        schemasWithAdded.add(size.addedSchema());
        this.withAdded = Map.of("clickpipes_schemas", String.join(",", schemasWithAdded),
                "clickpipes_password", new String(password));
        this.settingsWithAdded = SettingsReader.read(withAdded, Map.of());
    }

    SizeResult result() {
        return result;
    }

    /**
     * One round of every variant; {@code record} false for the warm-up round.
     *
     * @param baselines whether to run the floor and bare Flyway too (minutes each on 100,000 tables, so fewer runs)
     */
    void round(boolean record, boolean baselines) throws Exception {
        // A nothing-pending run takes 30-160 ms, and single runs vary by a third: several per round, so that the
        // ratio of two medians is not the ratio of two single runs (on 100,000 tables bare Flyway runs once).
        reset();
        if (baselines) {
            add(record, Variant.FLOOR, () -> {
                try (Connection connection = applicationDataSource.getConnection()) {
                    manual.runOverJdbc(connection);
                }
            });
            reset();
        }
        try (Connection connection = counter.wrap(server.pinnedSuperuserDataSource(database).getConnection())) {
            String url = server.jdbcUrl(database);
            add(record, Variant.CHECK, () -> PreCheck.require(connection, settings, url));
        }
        if (baselines) {
            add(record, Variant.BARE_FIRST, () -> manual.bareFlyway(applicationDataSource).migrate());
            for (int i = 0; i < NOTHING_PENDING_RUNS; i++) {
                add(record, Variant.BARE_NOTHING, () -> manual.bareFlyway(applicationDataSource).migrate());
            }
            reset();
        }
        add(record, Variant.BUNDLE_FIRST, () -> ClickPipesFlyway.flyway(dataSource, placeholders).migrate());
        for (int i = 0; i < NOTHING_PENDING_RUNS; i++) {
            add(record, Variant.BUNDLE_NOTHING, () -> ClickPipesFlyway.flyway(dataSource, placeholders).migrate());
        }
        try (Connection connection = counter.wrap(server.pinnedSuperuserDataSource(database).getConnection())) {
            add(record, Variant.VERIFY, () -> {
                List<Finding> findings = Verifier.verify(connection, settings);
                require(findings.isEmpty(), "verify: " + findings);
            });
            add(record, Variant.DRIFT, () -> {
                List<Finding> findings = DriftCheck.run(connection, server.jdbcUrl(database), settings,
                        Long.MAX_VALUE);
                require(!DriftCheck.drifted(findings), "drift check: " + findings);
            });
        }
        oneSchemaAdded(record);
        reapplyNothingMissing(record);
        if (record) {
            result.repetitions++;
            if (baselines) {
                result.baselineRepetitions++;
            }
        }
    }

    /**
     * A tenant arrives: one more schema with this size's tables, added to clickpipes_schemas, then a plain migrate. The
     * tables are created before the mark, so only what the migrate rewrote is counted.
     */
    private void oneSchemaAdded(boolean record) throws Exception {
        String added = result.size.addedSchema();
        try (Connection connection = server.superuser(database)) {
            result.size.createSchema(connection, added);
        }
        long mark = mark();
        add(record, Variant.ONE_SCHEMA_ADDED, () -> ClickPipesFlyway.flyway(dataSource, withAdded).migrate());
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            CatalogWrites.Rewrites rewrites = CatalogWrites.since(connection, mark, added);
            List<Finding> findings = Verifier.verify(connection, settingsWithAdded);
            require(findings.isEmpty(), "verify after adding " + added + ": " + findings);
            log("one schema added", rewrites);
            if (record) {
                result.addedOutside.add(rewrites.outside());
                result.addedInside.add(rewrites.inside());
            }
        }
    }

    /** The schema-access step runs again on the database the previous variant left, where nothing is missing. */
    private void reapplyNothingMissing(boolean record) throws Exception {
        long runs;
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            runs = StepHistory.schemaAccessRuns(connection);
            StepHistory.forgetSchemaAccess(connection);
        }
        long mark = mark();
        add(record, Variant.REAPPLY, () -> ClickPipesFlyway.flyway(dataSource, withAdded).migrate());
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            require(StepHistory.schemaAccessRuns(connection) == runs + 1,
                    "the schema-access step did not run again, so the re-apply measured nothing;");
            CatalogWrites.Rewrites rewrites = CatalogWrites.since(connection, mark, "");
            log("re-apply, nothing missing", rewrites);
            if (record) {
                result.reapplyRewritten.add(rewrites.outside());
            }
        }
    }

    private long mark() throws SQLException {
        try (Connection connection = server.superuser(database)) {
            return CatalogWrites.mark(connection);
        }
    }

    private void log(String variant, CatalogWrites.Rewrites rewrites) {
        Benchmark.log(result.size.label() + ": " + variant + " rewrote " + rewrites.outside()
                + " pg_class row(s) outside the added schema " + rewrites.someOutside() + (rewrites.outside() > 0
                ? "…" : "") + " and " + rewrites.inside() + " inside it");
    }

    /**
     * A first apply while another connection writes and reads a table in a configured schema without pause: the
     * longest single INSERT + SELECT shows whether anything the bundle did blocked the application.
     */
    void writerDuringFirstApply() throws Exception {
        reset();
        try (Connection setup = server.superuser(database); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS s0001.bench_writes (id bigserial PRIMARY KEY, v int)");
        }
        AtomicBoolean stop = new AtomicBoolean();
        long[] outcome = new long[2];
        Thread writer = new Thread(() -> outcome[0] = write(stop, outcome), "bench-writer");
        try {
            writer.start();
            Thread.sleep(200);
            ClickPipesFlyway.flyway(dataSource, placeholders).migrate();
            Thread.sleep(200);
        } finally {
            stop.set(true);
            writer.join();
            counter.takeCount();
        }
        result.writerMaxMillis = outcome[0] / 1e6;
        result.writerOperations = outcome[1];
        try (Connection setup = server.superuser(database); Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE s0001.bench_writes");
        }
        reset();
    }

    private long write(AtomicBoolean stop, long[] outcome) {
        long max = 0;
        try (Connection connection = server.superuser(database);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO s0001.bench_writes (v) VALUES (1)");
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM s0001.bench_writes")) {
            while (!stop.get()) {
                long start = System.nanoTime();
                insert.executeUpdate();
                select.executeQuery().close();
                max = Math.max(max, System.nanoTime() - start);
                outcome[1]++;
                Thread.sleep(5);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("The concurrent writer failed", e);
        }
        return max;
    }

    /** Back to no setup at all, and without the schema the "one schema added" variant created. */
    void reset() throws SQLException {
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            // First, so that the reset's VACUUM also clears the dead catalog rows of its tables.
            statement.execute("DROP SCHEMA IF EXISTS " + result.size.addedSchema() + " CASCADE");
            ManualSetup.reset(connection);
        }
    }

    private void add(boolean record, Variant variant, Work work) throws Exception {
        counter.takeCount();
        HeapMeter.start();
        long start = System.nanoTime();
        work.run();
        double millis = (System.nanoTime() - start) / 1e6;
        if (Boolean.getBoolean("bench.trace")) {
            System.out.printf("[variant] %s %.1f ms%n", variant, millis);
        }
        Sample sample = new Sample(millis, counter.takeCount(), HeapMeter.peak());
        if (record) {
            result.add(variant, sample);
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what + " found problems in a setup the bundle just made");
        }
    }
}
