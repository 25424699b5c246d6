package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real CDC client on the bundle's default publication: Debezium's PostgreSQL connector, embedded, logs in as
 * clickpipes_user with pgoutput and the bundle's publication and no table list — as a ClickPipes user who picks every
 * offered table would. A FOR ALL TABLES publication holds the bundle's own history table too; Debezium snapshots every
 * published table, so one clickpipes_user cannot read fails the whole snapshot (42501 on clickpipes_flyway).
 */
class DebeziumSnapshotIT {

    private static final String PASSWORD = "Debezium-secret-1";
    private static final String PUBLICATION = "clickpipes_publication";
    private static final long DEADLINE_MILLIS = 60_000;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void clickpipesUserSnapshotsAndStreamsEveryPublishedTable(int major) throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection,
                    "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.orders VALUES (1, 'before the snapshot')",
                    "CREATE SCHEMA sales",
                    "CREATE TABLE sales.items (id int PRIMARY KEY, sku text)",
                    "INSERT INTO sales.items VALUES (1, 'sku-1')");
        }
        String user = Migrations.uniqueRole("dbz");
        Migrations.migrate(server, database, Migrations.placeholders(user, PASSWORD, "clickpipes_schemas",
                "public,sales"));
        List<String> published;
        try (Connection connection = server.superuser(database)) {
            published = Sql.publishedTables(connection, PUBLICATION);
        }
        assertTrue(published.contains("clickpipes_flyway.clickpipes_schema_history"),
                "the default FOR ALL TABLES publication holds the history table: " + published);

        String slot = Migrations.uniqueRole("slot");
        Path offsets = Files.createTempFile("debezium-offsets", ".dat");
        Map<String, Set<String>> operations = new ConcurrentHashMap<>();
        AtomicReference<String> failure = new AtomicReference<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class)
                .using(properties(server, database, user, slot, offsets))
                .notifying(event -> operations.computeIfAbsent(table(event.destination()), t -> new TreeSet<>())
                        .add(operation(event.value())))
                .using((success, message, error) -> {
                    if (!success) {
                        failure.set(message + (error == null ? "" : ": " + error));
                    }
                })
                .build()) {
            executor.execute(engine);
            awaitOperation(operations, failure, published, "r");
            try (Connection connection = server.superuser(database)) {
                Sql.execute(connection, "INSERT INTO public.orders VALUES (2, 'after the snapshot')",
                        "INSERT INTO sales.items VALUES (2, 'sku-2')");
            }
            awaitOperation(operations, failure, List.of("public.orders", "sales.items"), "c");
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS), "Debezium did not stop");
            Files.deleteIfExists(offsets);
        }
        try (Connection connection = server.superuser(database)) {
            assertEquals("0", Sql.text(connection,
                    "SELECT count(*)::text FROM pg_replication_slots WHERE slot_name = ?", slot), "slot left behind");
        }
    }

    private static Properties properties(TestServer server, String database, String user, String slot, Path offsets) {
        Properties properties = new Properties();
        properties.setProperty("name", "clickpipes-debezium-" + slot);
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        properties.setProperty("offset.storage.file.filename", offsets.toString());
        properties.setProperty("offset.flush.interval.ms", "0");
        properties.setProperty("database.hostname", server.host());
        properties.setProperty("database.port", Integer.toString(server.port()));
        properties.setProperty("database.user", user);
        properties.setProperty("database.password", PASSWORD);
        properties.setProperty("database.dbname", database);
        properties.setProperty("topic.prefix", "cdc");
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("publication.name", PUBLICATION);
        properties.setProperty("publication.autocreate.mode", "disabled");
        properties.setProperty("slot.name", slot);
        properties.setProperty("slot.drop.on.stop", "true");
        properties.setProperty("snapshot.mode", "initial");
        // Without it a failing snapshot is retried every 10 s for ever.
        properties.setProperty("errors.max.retries", "0");
        properties.setProperty("key.converter.schemas.enable", "false");
        properties.setProperty("value.converter.schemas.enable", "false");
        return properties;
    }

    /** Waits until every table has an event of this operation ({@code r} snapshot read, {@code c} insert). */
    private static void awaitOperation(Map<String, Set<String>> operations, AtomicReference<String> failure,
                                       List<String> tables, String operation) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (failure.get() != null) {
                fail("Debezium stopped: " + failure.get());
            }
            if (tables.stream().allMatch(t -> operations.getOrDefault(t, Set.of()).contains(operation))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        fail("no '" + operation + "' event for every one of " + tables + " within " + DEADLINE_MILLIS + " ms; got "
                + operations);
    }

    /** Topic {@code cdc.schema.table} to {@code schema.table}. */
    private static String table(String destination) {
        return destination.substring(destination.indexOf('.') + 1);
    }

    private static String operation(String value) {
        int at = value == null ? -1 : value.indexOf("\"op\":\"");
        return at < 0 ? "?" : value.substring(at + 6, at + 7);
    }
}
