package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.ClickPipesException;
import java.io.EOFException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureAdviceTest {

    private static RuntimeException wrapped(Throwable cause) {
        return new ClickPipesException("Could not grant read access to clickpipes_user: boom", cause);
    }

    @Test
    void aConnectionFailureSaysToCheckTheEndpointAndToLookAtInfoBeforeRunningAgain() {
        FailureAdvice advice = FailureAdvice.of(wrapped(new SQLException("I/O error", "08006")));
        assertEquals(FailureAdvice.CONNECTION, advice);
        assertTrue(advice.fix("migrate").contains("run `info`"), advice.fix("migrate"));
        assertEquals(FailureAdvice.CONNECTION, FailureAdvice.of(wrapped(new EOFException("closed"))));
    }

    @Test
    void aMissingPrivilegeSaysWhoToRunAsInsteadOfRunningAgain() {
        FailureAdvice advice = FailureAdvice.of(wrapped(new SQLException("permission denied", "42501")));
        assertEquals(FailureAdvice.PERMISSION, advice);
        assertTrue(advice.fix("migrate").contains("master user"), advice.fix("migrate"));
        assertTrue(advice.found("migrate", "x").contains("42501"));
    }

    @Test
    void aLockTimeoutSaysHowToFindTheBlockingSession() {
        FailureAdvice advice = FailureAdvice.of(wrapped(new SQLException("lock timeout", "55P03")));
        assertEquals(FailureAdvice.LOCK, advice);
        assertTrue(advice.fix("teardown").contains("pg_catalog.pg_blocking_pids"), advice.fix("teardown"));
        assertTrue(advice.fix("teardown").contains("run teardown again"), advice.fix("teardown"));
    }

    @Test
    void anythingElseNamesTheCommandAndNoLongerClaimsNothingIsHalfDone() {
        FailureAdvice advice = FailureAdvice.of(new IllegalStateException("odd"));
        assertEquals(FailureAdvice.UNKNOWN, advice);
        assertTrue(advice.found("verify", "odd").startsWith("An unexpected error while running verify."));
        assertFalse(advice.fix("verify").contains("nothing is half-done"));
        assertEquals(FailureAdvice.UNKNOWN, FailureAdvice.of(wrapped(new SQLException("syntax", "42601"))));
    }
}
