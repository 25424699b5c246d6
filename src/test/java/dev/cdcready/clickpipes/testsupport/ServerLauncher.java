package dev.cdcready.clickpipes.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import org.opentest4j.TestAbortedException;

/**
 * Starts the server a {@link ServerSpec} describes: the process (embedded by default, a container with
 * {@code -Dclickpipes.test.servers=testcontainers}), then the flavor's SQL surface, then for a reader the seed
 * database and a restart as hot standby.
 */
final class ServerLauncher {

    static final String MODE_PROPERTY = "clickpipes.test.servers";

    private ServerLauncher() {
    }

    static TestServer launch(ServerSpec spec) {
        long started = System.nanoTime();
        ServerBackend backend = startProcess(spec);
        try {
            AwsSurface.install(backend, spec.flavor());
            PlantedObjects.install(backend);
            if (spec.reader()) {
                ReaderSeed.write(backend);
                backend.restartAsStandby();
                requireRecovery(backend);
            }
        } catch (SQLException | RuntimeException e) {
            String tail = LogTail.of(backend.serverLog());
            backend.close();
            throw new IllegalStateException("Could not prepare " + spec + "\n" + tail, e);
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        System.err.printf("[test-servers] %s started in %d ms on %s:%d%n",
                spec, startup.toMillis(), backend.host(), backend.port());
        return new TestServer(spec, backend, startup);
    }

    private static ServerBackend startProcess(ServerSpec spec) {
        String mode = System.getProperty(MODE_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "embedded":
                return EmbeddedBackend.start(spec);
            case "testcontainers":
                if (spec.reader()) {
                    throw new TestAbortedException("A reader (hot standby) needs the embedded servers: "
                            + spec + " is not supported with -D" + MODE_PROPERTY + "=testcontainers");
                }
                return ContainerBackend.start(spec);
            default:
                throw new IllegalArgumentException(MODE_PROPERTY + " must be embedded or testcontainers, not " + mode);
        }
    }

    private static void requireRecovery(ServerBackend backend) throws SQLException {
        try (Connection connection = backend.superuser("postgres");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_catalog.pg_is_in_recovery()")) {
            if (!result.next() || !result.getBoolean(1)) {
                throw new IllegalStateException("The server came back from standby.signal but is not in recovery");
            }
        }
    }
}
