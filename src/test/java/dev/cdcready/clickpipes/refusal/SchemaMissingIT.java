package dev.cdcready.clickpipes.refusal;

import static dev.cdcready.clickpipes.refusal.Refusals.assertUnchanged;
import static dev.cdcready.clickpipes.refusal.Refusals.placeholders;
import static dev.cdcready.clickpipes.refusal.Refusals.refusedWith;
import static dev.cdcready.clickpipes.refusal.Refusals.uniqueUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SCHEMA_MISSING with many missing schemas: a bounded message whose fix, run as printed, converges. */
class SchemaMissingIT {

    private static final Pattern CREATE = Pattern.compile("CREATE SCHEMA \"(?:[^\"]|\"\")+\";");

    @Test
    void manyMissingSchemasAreNamedTenAtATimeAndThePrintedFixesLeadToASetup() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        List<String> schemas = IntStream.rangeClosed(1, 13).mapToObj(i -> String.format("Tenant_%02d", i)).toList();
        String user = uniqueUser();
        Map<String, String> placeholders = placeholders(user, "clickpipes_schemas",
                "public," + String.join(",", schemas));
        CatalogSnapshot before = CatalogSnapshot.take(server, db);

        Finding first = refusedWith("SCHEMA_MISSING",
                () -> ClickPipesFlyway.flyway(server.superuserDataSource(db), placeholders).migrate());
        assertUnchanged(before, CatalogSnapshot.take(server, db));
        assertTrue(first.message().contains("13 schema(s)") && first.message().contains("and 3 more"),
                first.message());
        assertFalse(first.render().contains("Tenant_11"), first.render());
        assertEquals(10, runFix(server, db, first));

        Finding second = refusedWith("SCHEMA_MISSING",
                () -> ClickPipesFlyway.flyway(server.superuserDataSource(db), placeholders).migrate());
        assertTrue(second.message().contains("3 schema(s)") && second.message().contains("Tenant_11, Tenant_12, "
                + "Tenant_13 (names"), second.message());
        assertEquals(3, runFix(server, db, second));

        ClickPipesFlyway.flyway(server.superuserDataSource(db), placeholders).migrate();
        try (Connection connection = server.superuser(db);
             PreparedStatement usage = connection.prepareStatement("SELECT pg_catalog.count(*) FROM"
                     + " pg_catalog.unnest(?::pg_catalog.text[]) AS s(name)"
                     + " WHERE pg_catalog.has_schema_privilege(?::pg_catalog.text, s.name, 'USAGE')")) {
            usage.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            usage.setString(2, user);
            try (ResultSet rs = usage.executeQuery()) {
                rs.next();
                assertEquals(schemas.size(), rs.getInt(1), "schemas clickpipes_user may use");
            }
        }
    }

    /** Runs every CREATE SCHEMA of the finding's fix exactly as printed; returns how many. */
    private static int runFix(TestServer server, String db, Finding finding) throws SQLException {
        List<String> statements = CREATE.matcher(finding.remediation()).results().map(MatchResult::group).toList();
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        return statements.size();
    }
}
