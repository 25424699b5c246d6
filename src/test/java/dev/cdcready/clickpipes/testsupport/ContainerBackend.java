package dev.cdcready.clickpipes.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A server in a Docker container ({@code postgres:<major>}), for machines with Docker
 * ({@code -Dclickpipes.test.servers=testcontainers}). Same settings and {@code pg_hba.conf} rules as the embedded
 * server, but connections come through the container network, so the rules cover every address. Readers are not
 * supported here.
 */
final class ContainerBackend implements ServerBackend {

    private static final String HBA_FILE = "/etc/clickpipes/pg_hba.conf";
    private static final int FILE_MODE = 0644;

    private final PostgreSQLContainer container;
    private final Path workDirectory;
    private boolean closed;

    private ContainerBackend(PostgreSQLContainer container, Path workDirectory) {
        this.container = container;
        this.workDirectory = workDirectory;
    }

    static ContainerBackend start(ServerSpec spec) {
        Path workDirectory = ScratchSpace.newDirectory("pg" + spec.major() + "-container");
        List<String> command = new ArrayList<>(List.of("postgres"));
        for (Map.Entry<String, String> setting : ServerSettings.forContainer(spec).entrySet()) {
            command.add("-c");
            command.add(setting.getKey() + "=" + setting.getValue());
        }
        command.add("-c");
        command.add("hba_file=" + HBA_FILE);
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse("postgres:" + spec.major()))
                .withUsername(SUPERUSER)
                .withPassword(SUPERUSER)
                .withDatabaseName("postgres")
                .withCopyToContainer(Transferable.of(HbaRules.anyAddress(), FILE_MODE), HBA_FILE)
                .withCommand(command.toArray(new String[0]));
        container.start();
        return new ContainerBackend(container, workDirectory);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public Path dataDirectory() {
        throw new UnsupportedOperationException("The data directory of a Testcontainers server is inside the container");
    }

    /** The container's output so far, copied into a local file on every call. */
    @Override
    public synchronized Path serverLog() {
        Path log = workDirectory.resolve("server.log");
        try {
            Files.writeString(log, container.getLogs(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + log, e);
        }
        return log;
    }

    @Override
    public void restartAsStandby() {
        throw new UnsupportedOperationException("Readers are not supported on Testcontainers");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        container.stop();
        ScratchSpace.deleteRecursively(workDirectory);
    }
}
