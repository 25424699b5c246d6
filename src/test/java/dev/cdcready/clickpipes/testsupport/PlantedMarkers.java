package dev.cdcready.clickpipes.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the server logs for {@link PlantedObjects#MARKER}s that appeared since the last read. A test that calls
 * planted code on purpose uses the application_name {@link #SELF_TEST_APPLICATION}; its markers are not counted.
 */
public final class PlantedMarkers {

    /** The application_name of a test that proves the guard sees planted calls. */
    public static final String SELF_TEST_APPLICATION = "clickpipes-guard-selftest";
    /**
     * How Debezium names its own sessions (DebeziumSnapshotIT): a third-party CDC client's unqualified queries are its
     * business, not the bundle's, and it sets its application_name itself.
     */
    static final String DEBEZIUM_APPLICATION = "application_name=Debezium ";

    private static final Map<TestServer, Long> READ_UP_TO = new HashMap<>();
    private static final List<String> FOUND = new ArrayList<>();

    private PlantedMarkers() {
    }

    /** @return the marker lines {@code server} logged since the last read, self-test ones included */
    public static synchronized List<String> read(TestServer server) {
        long from = READ_UP_TO.getOrDefault(server, 0L);
        try {
            byte[] log = Files.exists(server.serverLog()) ? Files.readAllBytes(server.serverLog()) : new byte[0];
            READ_UP_TO.put(server, (long) log.length);
            if (log.length < from) {
                from = 0;
            }
            String fresh = new String(log, (int) from, log.length - (int) from, StandardCharsets.UTF_8);
            // The message of RAISE LOG, not a logged statement that merely contains the text (log_statement=all).
            return fresh.lines().filter(line -> line.contains("LOG:  " + PlantedObjects.MARKER)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log of " + server, e);
        }
    }

    /** Keeps the markers {@code server} logged, other than the self-test's, for {@link #takeFound()}. */
    static synchronized void collect(TestServer server) {
        for (String line : read(server)) {
            if (!line.contains(SELF_TEST_APPLICATION) && !line.contains(DEBEZIUM_APPLICATION)) {
                FOUND.add(server + ": " + line.trim());
            }
        }
    }

    /** @return the markers collected so far from every server started, and forgets them */
    static synchronized List<String> takeFound() {
        TestServers.started().forEach(PlantedMarkers::collect);
        List<String> found = List.copyOf(FOUND);
        FOUND.clear();
        return found;
    }
}
