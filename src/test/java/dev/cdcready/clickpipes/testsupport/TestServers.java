package dev.cdcready.clickpipes.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts servers lazily and shares them across test classes in one JVM (key = {@link ServerSpec}); stops all at
 * JVM exit, private ones too if their owner did not.
 */
public final class TestServers {

    private static final Map<ServerSpec, TestServer> SHARED = new HashMap<>();
    private static final List<TestServer> STARTED = new ArrayList<>();
    private static boolean hookInstalled;

    private TestServers() {
    }

    /** The shared server of that spec, started on first use. Do not close it. */
    public static synchronized TestServer get(ServerSpec spec) {
        TestServer server = SHARED.get(spec);
        if (server == null || server.isClosed()) {
            server = track(ServerLauncher.launch(spec));
            SHARED.put(spec, server);
        }
        return server;
    }

    /** A server the caller owns and closes (for tests that restart or kill it). */
    public static synchronized TestServer startPrivate(ServerSpec spec) {
        return track(ServerLauncher.launch(spec));
    }

    /** @return every server started in this JVM and not yet stopped at exit */
    static synchronized List<TestServer> started() {
        return List.copyOf(STARTED);
    }

    private static TestServer track(TestServer server) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "test-servers-stop"));
            hookInstalled = true;
        }
        STARTED.add(server);
        return server;
    }

    private static void stopAll() {
        List<TestServer> servers;
        synchronized (TestServers.class) {
            servers = new ArrayList<>(STARTED);
            STARTED.clear();
        }
        servers.parallelStream().forEach(TestServer::close);
    }
}
