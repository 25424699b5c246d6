package dev.cdcready.clickpipes.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.ClickPipesException;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

class PoolerCheckTest {

    @Test
    void duplicatePreparedStatementDeepInAFlywayErrorIsThePoolerFinding() {
        SQLException server = new SQLException("ERROR: prepared statement \"S_1\" already exists", "42P05");
        FlywayException flyway = new FlywayException("Unable to check whether schema exists", server);

        Finding finding = PoolerCheck.symptom(new ClickPipesException("migrate failed", flyway)).orElseThrow();

        assertEquals(PoolerCheck.CODE, finding.code());
        assertTrue(finding.message().contains("prepared statement \"S_1\" already exists"), finding.message());
        assertTrue(finding.remediation().contains("not through PgBouncer"), finding.remediation());
        assertFalse(finding.render().contains("nothing is half-done"), finding.render());
    }

    @Test
    void theMessageAloneIsRecognisedWhenTheSqlStateIsLost() {
        RuntimeException wrapped = new RuntimeException("ERROR: prepared statement \"S_7\" does not exist");

        assertTrue(PoolerCheck.symptom(wrapped).isPresent());
    }

    @Test
    void anyOtherFailureIsNotThePooler() {
        SQLException other = new SQLException("ERROR: permission denied for table orders", "42501");

        assertTrue(PoolerCheck.symptom(new ClickPipesException("failed", other)).isEmpty());
    }
}
