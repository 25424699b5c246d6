package dev.cdcready.clickpipes.safety.input;

import static dev.cdcready.clickpipes.safety.input.Generators.listEntry;
import static dev.cdcready.clickpipes.safety.input.Generators.quoted;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Property-based round trips with a fixed seed (see {@link Property}): generated valid role, schema and publication
 * names and passwords migrate, log in and SELECT; generated invalid settings are refused naming the setting, with the
 * catalog unchanged.
 */
class RandomRoundTripIT {

    private static final int VALID_TRIES = 20;
    private static final int INVALID_TRIES = 60;
    /** Unique per JVM (roles are per cluster); a constant length, so the seed alone decides every name's shape. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 4);

    private final AtomicInteger tries = new AtomicInteger();

    /** One generated valid configuration. */
    record Valid(String user, String password, String schema, String publication) {
    }

    /** One generated invalid configuration and the setting its error must name. */
    record Invalid(String setting, Map<String, String> placeholders) {
    }

    @Test
    void generatedValidNamesAndPasswordsMigrateLogInAndSelect() {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        Property.forAll("valid settings round-trip", VALID_TRIES, this::valid, RandomRoundTripIT::describe, valid -> {
            String database = server.createDatabase();
            String table = quoted(valid.schema()) + ".t";
            try (Connection admin = server.superuser(database); Statement statement = admin.createStatement()) {
                statement.execute("CREATE SCHEMA " + quoted(valid.schema()));
                statement.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
                statement.execute("INSERT INTO " + table + " VALUES (1)");
            }
            BundleRun.migrate(server.superuserDataSource(database), Map.of("clickpipes_user", valid.user(),
                    "clickpipes_password", valid.password(), "clickpipes_schemas", listEntry(valid.schema()),
                    "clickpipes_publication", valid.publication()));
            BundleRun.assertWorks(server, database, valid.user(), valid.password(), table, valid.publication());
        });
    }

    @Test
    void generatedInvalidSettingsAreRefusedNamingTheSettingWithNothingChanged() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database); Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA sales");
            statement.execute("CREATE TABLE sales.orders (id int PRIMARY KEY)");
        }
        Property.forAll("invalid settings are refused", INVALID_TRIES, this::invalid, Invalid::toString,
                invalid -> BundleRun.assertRefused(server, database, server.superuserDataSource(database),
                        invalid.placeholders(), invalid.setting()));
    }

    private Valid valid(Random random) {
        String suffix = RUN + "v" + tries.incrementAndGet();
        return new Valid(Generators.creatableName(random, suffix), Generators.password(random),
                Generators.schemaName(random, suffix), Generators.creatableName(random, suffix));
    }

    private Invalid invalid(Random random) {
        String suffix = RUN + "i" + tries.incrementAndGet();
        Map<String, String> placeholders = new HashMap<>(Map.of("clickpipes_user",
                Generators.creatableName(random, suffix), "clickpipes_password", Generators.password(random),
                "clickpipes_schemas", "sales"));
        String name = Generators.creatableName(random, suffix);
        return switch (random.nextInt(10)) {
            case 0 -> invalid(placeholders, "clickpipes_user", Generators.withForbiddenCharacter(random, name));
            case 1 -> invalid(placeholders, "clickpipes_user", name + "é".repeat(32));
            case 2 -> invalid(placeholders, "clickpipes_user",
                    List.of("pg_", "PG_", "rds_", "Rds_").get(random.nextInt(4)) + name);
            case 3 -> invalid(placeholders, "clickpipes_publication", Generators.withForbiddenCharacter(random, name));
            case 4 -> invalid(placeholders, "clickpipes_schemas", "sales," + listEntry(
                    Generators.schemaName(random, suffix)));
            case 5 -> invalid(placeholders, "clickpipes_schemas", listEntry(
                    Generators.schemaName(random, suffix) + (random.nextBoolean() ? "\n" : "\u0000") + "x"));
            case 6 -> invalid(placeholders, "clickpipes_password", " " + Generators.blank(random));
            case 7 -> invalid(placeholders, "clickpipes_lock_timeout", "t" + Generators.word(random));
            case 8 -> invalid(placeholders, "clickpipes_publication_scope",
                    unless(Set.of("all_tables", "schemas", "tables"), Generators.word(random)));
            default -> invalid(placeholders, "clickpipes_platform",
                    unless(Set.of("auto", "aurora", "rds", "postgres"), Generators.word(random)));
        };
    }

    private static Invalid invalid(Map<String, String> placeholders, String setting, String value) {
        placeholders.put(setting, value);
        return new Invalid(setting, placeholders);
    }

    /** The word, made invalid if it happens to be one of the valid values. */
    private static String unless(Set<String> validValues, String word) {
        return validValues.contains(word.strip().toLowerCase(java.util.Locale.ROOT)) ? word + "?" : word;
    }

    private static String describe(Valid valid) {
        return "user " + printable(valid.user()) + ", password " + printable(valid.password()) + ", schema "
                + printable(valid.schema()) + ", publication " + printable(valid.publication());
    }

    private static String printable(String value) {
        return dev.cdcready.clickpipes.config.Identifier.printable(value);
    }
}
