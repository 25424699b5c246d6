package dev.cdcready.clickpipes.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package, {@code /usr/sbin/pgbouncer}) in front of a test server: our
 * own ini and auth file, on a free port, never the packaged service. The superuser {@code postgres} passes through
 * with trust, as it reaches the embedded server. PgBouncer refuses to run as root, so as root it drops to the
 * {@code postgres} (or {@code nobody}) account with {@code -u}, which is why its folder is world-writable.
 */
public final class PgBouncer implements AutoCloseable {

    /** Where Debian installs it; {@code .ci/run} installs the package when it is missing. */
    public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final Path directory;
    private final int port;

    private PgBouncer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** @return whether the binary is installed (tests that need it are skipped, saying why, when it is not) */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts PgBouncer in front of {@code server}, for every database.
     *
     * @param server the server behind it
     * @param poolMode {@code transaction}, {@code session} or {@code statement}
     * @return the running pooler; close it
     */
    public static PgBouncer start(TestServer server, String poolMode) {
        Path directory = ScratchSpace.newDirectory("pgbouncer-" + poolMode);
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
            int port = freePort();
            Path auth = directory.resolve("userlist.txt");
            Files.writeString(auth, "\"postgres\" \"\"\n", StandardCharsets.UTF_8);
            Path ini = directory.resolve("pgbouncer.ini");
            Files.writeString(ini, String.join("\n",
                    "[databases]",
                    "* = host=" + server.host() + " port=" + server.port(),
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = trust",
                    "auth_file = " + auth,
                    "pool_mode = " + poolMode,
                    "default_pool_size = 20",
                    "max_client_conn = 50",
                    // pgjdbc sends these at startup; PgBouncer refuses unknown startup parameters otherwise.
                    "ignore_startup_parameters = extra_float_digits,options",
                    "logfile = " + directory.resolve("pgbouncer.log"),
                    "pidfile = " + directory.resolve("pgbouncer.pid"),
                    ""), StandardCharsets.UTF_8);
            for (Path file : new Path[] {auth, ini}) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            ProcessBuilder builder = "root".equals(System.getProperty("user.name"))
                    ? new ProcessBuilder(BINARY.toString(), "-u", unprivilegedAccount(), ini.toString())
                    : new ProcessBuilder(BINARY.toString(), ini.toString());
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(directory.resolve("stdout.log").toFile())).start();
            PgBouncer pooler = new PgBouncer(process, directory, port);
            pooler.awaitListening();
            return pooler;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PgBouncer in " + directory, e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<pooler port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ScratchSpace.deleteRecursively(directory);
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(STARTUP_WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited with " + process.exitValue() + ": " + log());
            }
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("PgBouncer did not listen on " + port + " within " + STARTUP_WAIT);
    }

    private String log() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"stdout.log", "pgbouncer.log"}) {
            Path file = directory.resolve(name);
            if (Files.exists(file)) {
                out.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    private static String unprivilegedAccount() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("postgres:"))
                ? "postgres" : "nobody";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
