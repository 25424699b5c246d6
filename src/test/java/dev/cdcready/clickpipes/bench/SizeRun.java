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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Measures every variant on one database. Each first apply starts from the same state: {@link ManualSetup#reset}
 * undoes a setup in seconds, where copying a template database of 100,000 tables would take minutes.
 */
final class SizeRun {

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
    }

    SizeResult result() {
        return result;
    }

    /** One round of every variant; {@code record} false for the warm-up round. */
    void round(boolean record) throws Exception {
        reset();
        add(record, Variant.FLOOR, () -> {
            try (Connection connection = applicationDataSource.getConnection()) {
                manual.runOverJdbc(connection);
            }
        });
        reset();
        try (Connection connection = counter.wrap(server.pinnedSuperuserDataSource(database).getConnection())) {
            String url = server.jdbcUrl(database);
            add(record, Variant.CHECK, () -> PreCheck.require(connection, settings, url));
        }
        add(record, Variant.BARE_FIRST, () -> manual.bareFlyway(applicationDataSource).migrate());
        add(record, Variant.BARE_NOTHING, () -> manual.bareFlyway(applicationDataSource).migrate());
        reset();
        add(record, Variant.BUNDLE_FIRST, () -> ClickPipesFlyway.flyway(dataSource, placeholders).migrate());
        add(record, Variant.BUNDLE_NOTHING, () -> ClickPipesFlyway.flyway(dataSource, placeholders).migrate());
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
        if (record) {
            result.repetitions++;
        }
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

    void reset() throws SQLException {
        try (Connection connection = server.superuser(database)) {
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
