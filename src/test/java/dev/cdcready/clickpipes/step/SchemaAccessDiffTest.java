package dev.cdcready.clickpipes.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.Identifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchemaAccessDiffTest {

    private static final Identifier USER = new Identifier("clickpipes_user");

    @Test
    void nothingMissingMeansNoStatement() {
        SchemaAccessDiff diff = new SchemaAccessDiff(List.of(), 0, List.of(), Map.of(), List.of(), Optional.empty());
        assertTrue(diff.isEmpty());
        assertEquals(List.of(), diff.statements(USER));
    }

    @Test
    void grantsOnlyWhatIsMissingInTheOrderUsageDefaultsTables() {
        SchemaAccessDiff diff = new SchemaAccessDiff(List.of(new Identifier("Sales")), 2,
                List.of("\"Sales\".\"a\"", "public.b"),
                Map.of(new Identifier("app"), List.of(new Identifier("Sales"), new Identifier("public"))), List.of(),
                Optional.empty());
        assertEquals(List.of(
                "GRANT USAGE ON SCHEMA \"Sales\" TO \"clickpipes_user\"",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app\" IN SCHEMA \"Sales\", \"public\" GRANT SELECT ON TABLES TO "
                        + "\"clickpipes_user\"",
                "GRANT SELECT ON TABLE \"Sales\".\"a\", public.b TO \"clickpipes_user\""), diff.statements(USER));
    }

    @Test
    void batchesAThousandNamesPerStatement() {
        List<String> tables = IntStream.range(0, 2500).mapToObj(i -> "s.t" + i).toList();
        SchemaAccessDiff diff = new SchemaAccessDiff(List.of(), tables.size(), tables, Map.of(), List.of(),
                Optional.empty());
        List<String> statements = diff.statements(USER);
        assertEquals(3, statements.size());
        assertTrue(statements.get(0).startsWith("GRANT SELECT ON TABLE s.t0, s.t1, "), statements.get(0));
        assertTrue(statements.get(0).endsWith("s.t999 TO \"clickpipes_user\""), statements.get(0));
        assertTrue(statements.get(2).startsWith("GRANT SELECT ON TABLE s.t2000, "), statements.get(2));
        assertTrue(statements.get(2).endsWith("s.t2499 TO \"clickpipes_user\""), statements.get(2));
    }

    @Test
    void aVerificationsSampleCannotBeApplied() {
        SchemaAccessDiff sample = new SchemaAccessDiff(List.of(), 50, List.of("s.t1"), Map.of(), List.of(),
                Optional.empty());
        assertThrows(IllegalStateException.class, () -> sample.statements(USER));
    }
}
