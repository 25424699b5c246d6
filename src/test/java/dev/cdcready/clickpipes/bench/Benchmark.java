package dev.cdcready.clickpipes.bench;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the bundle costs on big databases, against bare Flyway and the manual statements over JDBC. Run it with
 * {@code mvn -Pbench verify} (see BENCHMARKS.md); it writes {@code results.md} and {@code benchmark.png} into
 * {@code target/benchmark}.
 *
 * <p>System properties: {@code bench.sizes} (e.g. {@code 1x100,100x100,1000x20,1000x100,10x10p100}; {@code p} =
 * partitions per partitioned table), {@code bench.reps} (repetitions per size, default 3), {@code bench.largeReps}
 * (repetitions from 50,000 tables up, default 2), {@code bench.baselineLargeReps} (how many of those also run the
 * floor and bare Flyway, default 1: on 100,000 tables each takes minutes), {@code bench.baselineMaxSchemas} (sizes
 * with more schemas run neither, for a run that must fit in less time; default: all), {@code bench.out}.
 */
public final class Benchmark {

    private static final int LARGE = 50_000;
    private static final String DEFAULT_SIZES = "1x100,100x100,1000x20,10x10p100,1000x100,2000x50,5000x20";

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Size> sizes = parseSizes(System.getProperty("bench.sizes", DEFAULT_SIZES));
        int reps = Integer.getInteger("bench.reps", 3);
        int largeReps = Integer.getInteger("bench.largeReps", 2);
        int baselineLargeReps = Math.min(largeReps, Integer.getInteger("bench.baselineLargeReps", 1));
        int baselineMaxSchemas = Integer.getInteger("bench.baselineMaxSchemas", Integer.MAX_VALUE);
        long began = System.nanoTime();
        Path out = Path.of(System.getProperty("bench.out", "target/benchmark"));
        Files.createDirectories(out);
        quietFlyway();
        char[] password = UUID.randomUUID().toString().toCharArray();

        // More shared buffers than the tests' 16 MB: 100,000 tables' catalog rows should not be read from disk.
        TestServer server = TestServers.get(ServerSpec.plain(17).with("shared_buffers", "256MB")
                .with("wal_sender_timeout", "0"));
        List<SizeResult> results = new ArrayList<>();
        boolean warm = false;
        for (Size size : sizes) {
            String database = server.createDatabase();
            long start = System.nanoTime();
            try (Connection connection = server.superuser(database)) {
                size.create(connection);
            }
            SizeRun run = new SizeRun(server, database, size, password, out.resolve("scripts"));
            run.result().createSeconds = (System.nanoTime() - start) / 1e9;
            log(size.label() + ": " + size.tables() + " tables created in "
                    + String.format("%.1f s", run.result().createSeconds));
            boolean baselines = size.schemas() <= baselineMaxSchemas;
            if (!warm) {
                run.round(false, baselines);
                warm = true;
            }
            boolean large = size.tables() >= LARGE;
            int n = large ? largeReps : reps;
            for (int i = 1; i <= n; i++) {
                long round = System.nanoTime();
                run.round(true, baselines && (!large || i <= baselineLargeReps));
                log(size.label() + ": round " + i + "/" + n + " in "
                        + String.format("%.1f s", (System.nanoTime() - round) / 1e9));
            }
            run.writerDuringFirstApply();
            results.add(run.result());
            dropDatabase(server, database);
            Report.print(run.result());
            // After every size, so that a run cut short still leaves the sizes it finished.
            write(server, results, out, new Report.Runs(reps, largeReps, baselineLargeReps, baselineMaxSchemas,
                    (System.nanoTime() - began) / 60e9));
        }
        System.exit(0);
    }

    private static void write(TestServer server, List<SizeResult> results, Path out, Report.Runs runs)
            throws Exception {
        String markdown = Report.markdown(results, Machine.describe(server), runs);
        Files.writeString(out.resolve("results.md"), markdown);
        Chart.write(results, out.resolve("benchmark.png"));
        System.out.println(markdown);
        log("Wrote " + out.resolve("results.md") + " and " + out.resolve("benchmark.png") + " (" + results.size()
                + " size(s))");
    }

    /**
     * Flyway logs through SLF4J (slf4j-simple on the test class path) or java.util.logging; its INFO lines per run
     * would be timed too. Called before anything logs, since slf4j-simple reads its level once.
     */
    private static void quietFlyway() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }

    static List<Size> parseSizes(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).map(s -> {
            String[] parts = s.split("[xp]");
            return s.contains("p")
                    ? Size.partitioned(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                            Integer.parseInt(parts[2]))
                    : Size.plain(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }).toList();
    }

    private static void dropDatabase(TestServer server, String database) throws SQLException {
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + database);
        }
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
