package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.PostgresVersions;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/** What ClickPipes does after the bundle: clickpipes_user streams an insert through pgoutput and the publication. */
class LogicalReplicationRoundTripIT {

    private static final String PASSWORD = "Round-trip-secret-1";
    private static final String PUBLICATION = "clickpipes_publication";
    private static final long DEADLINE_MILLIS = 20_000;

    static Stream<Integer> majors() {
        return Stream.of(12, PostgresVersions.newestMajor()).distinct();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void clickpipesUserStreamsAnInsertThroughThePublication(int major) throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        }
        String user = Migrations.uniqueRole("stream");
        Migrations.migrate(server, database, Migrations.placeholders(user, PASSWORD));
        String slot = Migrations.uniqueRole("slot");
        String note = "streamed-note-" + slot;

        try (Connection replication = replicationLogin(server, database, user)) {
            PGConnection pg = replication.unwrap(PGConnection.class);
            pg.getReplicationAPI().createReplicationSlot().logical().withSlotName(slot)
                    .withOutputPlugin("pgoutput").make();
            try {
                byte[] insert;
                try (PGReplicationStream stream = pg.getReplicationAPI().replicationStream().logical()
                        .withSlotName(slot)
                        .withSlotOption("proto_version", 1)
                        .withSlotOption("publication_names", PUBLICATION)
                        .withStatusInterval(1, TimeUnit.SECONDS)
                        .start();
                     Connection superuser = server.superuser(database)) {
                    Sql.execute(superuser, "INSERT INTO public.orders VALUES (42, '" + note + "')");
                    insert = readUntilInsert(stream);
                }
                assertNotNull(insert, "no pgoutput insert message within " + DEADLINE_MILLIS + " ms");
                assertEquals('I', (char) insert[0]);
                assertTrue(contains(insert, note.getBytes(StandardCharsets.UTF_8)),
                        "the insert message carries the new row's note");
            } finally {
                pg.getReplicationAPI().dropReplicationSlot(slot);
            }
        }
        try (Connection connection = server.superuser(database)) {
            assertEquals("0", Sql.text(connection,
                    "SELECT count(*)::text FROM pg_replication_slots WHERE slot_name = ?", slot));
        }
    }

    private static Connection replicationLogin(TestServer server, String database, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("replication", "database");
        properties.setProperty("assumeMinServerVersion", "9.4");
        properties.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }

    private static byte[] readUntilInsert(PGReplicationStream stream) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            ByteBuffer buffer = stream.readPending();
            if (buffer == null) {
                TimeUnit.MILLISECONDS.sleep(20);
                continue;
            }
            byte[] message = new byte[buffer.remaining()];
            buffer.get(message);
            stream.setAppliedLSN(stream.getLastReceiveLSN());
            stream.setFlushedLSN(stream.getLastReceiveLSN());
            if (message.length > 0 && message[0] == 'I') {
                return message;
            }
        }
        return null;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
