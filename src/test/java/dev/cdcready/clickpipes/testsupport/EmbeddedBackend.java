package dev.cdcready.clickpipes.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL process started by zonky's {@link EmbeddedPostgres} from the version's binary jar.
 *
 * <p>zonky runs {@code initdb} only when the data directory has no {@code postgresql.conf}, then calls the data
 * directory customizer, then {@code pg_ctl start}: so the customizer's {@code pg_hba.conf} (and
 * {@code standby.signal}) is what the server reads, on the first start and on every restart. The output of
 * initdb, pg_ctl and the server (its whole log, as {@code logging_collector} is off) is appended to
 * {@code server.log}, beside the data directory.
 */
final class EmbeddedBackend implements ServerBackend {

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_.,:/@%+=-]+");

    private final ServerSpec spec;
    private final Path workDirectory;
    private final Path dataDirectory;
    private final Path serverLog;
    private EmbeddedPostgres postgres;
    private int port;
    private boolean closed;

    private EmbeddedBackend(ServerSpec spec, Path workDirectory) {
        this.spec = spec;
        this.workDirectory = workDirectory;
        this.dataDirectory = workDirectory.resolve("data");
        this.serverLog = workDirectory.resolve("server.log");
    }

    /** Runs initdb and starts the server as a writer. */
    static EmbeddedBackend start(ServerSpec spec) {
        String label = "pg" + spec.major() + "-" + spec.flavor().name().toLowerCase(Locale.ROOT)
                + (spec.reader() ? "-reader" : "");
        EmbeddedBackend backend = new EmbeddedBackend(spec, ScratchSpace.newDirectory(label));
        backend.launch(0, false);
        return backend;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public Path serverLog() {
        return serverLog;
    }

    @Override
    public synchronized void restartAsStandby() {
        stop();
        launch(port, true);
    }

    @Override
    public synchronized void restart() {
        stop();
        launch(port, false);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        ScratchSpace.deleteRecursively(workDirectory);
    }

    private void launch(int fixedPort, boolean standby) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(new JarBinaryResolver(PostgresVersions.binaryJar(spec.major())))
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setOutputRedirector(Redirect.appendTo(serverLog.toFile()))
                .setErrorRedirector(Redirect.appendTo(serverLog.toFile()))
                .setDataDirectoryCustomizer(directory -> customize(directory, standby));
        if (fixedPort != 0) {
            builder.setPort(fixedPort);
        }
        for (Map.Entry<String, String> setting : ServerSettings.forEmbedded(spec).entrySet()) {
            builder.setServerConfig(setting.getKey(), shellWord(setting.getValue()));
        }
        try {
            postgres = builder.start();
            port = postgres.getPort();
        } catch (IOException | RuntimeException e) {
            String tail = LogTail.of(serverLog);
            closed = true;
            stopOrphanedPostmaster();
            ScratchSpace.deleteRecursively(workDirectory);
            throw new IllegalStateException(spec + " did not start\n" + tail, e);
        }
    }

    private static void customize(File directory, boolean standby) {
        try {
            Files.writeString(directory.toPath().resolve("pg_hba.conf"), HbaRules.loopback(), StandardCharsets.UTF_8);
            if (standby) {
                Files.write(directory.toPath().resolve("standby.signal"), new byte[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + directory, e);
        }
    }

    private void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("[test-servers] could not stop " + spec + ": " + e);
        }
        postgres = null;
    }

    /** When zonky gives up waiting, the postmaster may still run without a handle: stop it by its pid file. */
    private void stopOrphanedPostmaster() {
        try {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroy();
                    process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
                });
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[test-servers] could not stop the postmaster of " + dataDirectory + ": " + e);
        }
    }

    /** pg_ctl hands the settings to the server through {@code /bin/sh}: quote what the shell would split. */
    private static String shellWord(String value) {
        return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
