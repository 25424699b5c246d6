package dev.cdcready.clickpipes.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MissingSchemasTest {

    private static final Pattern CREATE = Pattern.compile("CREATE SCHEMA \"[^\"]+\";");

    @Test
    void thousandMissingSchemasShowTheFirstTenAndTheCountInABoundedMessage() {
        List<String> missing = IntStream.rangeClosed(1, 1000).mapToObj(i -> String.format("s%04d", i)).toList();

        Finding finding = MissingSchemas.finding(missing, "app");

        assertEquals(FindingCode.SCHEMA_MISSING, finding.code());
        assertTrue(finding.message().contains("1000 schema(s)"), finding.message());
        assertTrue(finding.message().contains("s0001") && finding.message().contains("s0010"), finding.message());
        assertTrue(finding.message().contains("and 990 more"), finding.message());
        assertTrue(finding.message().contains("'app'"), finding.message());
        assertFalse(finding.render().contains("s0011"), finding.render());
        assertTrue(finding.render().length() < 1000, () -> finding.render().length() + " characters");
        assertEquals(10, CREATE.matcher(finding.remediation()).results().count(), finding.remediation());
        assertTrue(finding.remediation().contains("CREATE SCHEMA \"s0010\";"), finding.remediation());
        assertTrue(finding.remediation().contains("990 left"), finding.remediation());
    }

    @Test
    void fewMissingSchemasAreAllNamedAndAllCreatedByTheFix() {
        Finding finding = MissingSchemas.finding(List.of("Sales", "odd\"name"), "app");

        assertTrue(finding.message().contains("Sales, odd\"name (names are exact"), finding.message());
        assertFalse(finding.message().contains("more"), finding.message());
        assertEquals("Correct clickpipes_schemas, or create the missing schema(s) with: CREATE SCHEMA \"Sales\"; "
                + "CREATE SCHEMA \"odd\"\"name\";", finding.remediation());
    }
}
