package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The progress line's throttling, on a clock the test moves: silent for short steps, then one line per interval. */
class ProgressLineTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ProgressLine line = new ProgressLine(new PrintStream(OutputStream.nullOutputStream()),
            Duration.ofSeconds(5), clock::get);

    private void advance(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static List<String> grants(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> "GRANT SELECT ON s.t" + i + " TO cp").toList();
    }

    @Test
    void aStepThatEndsWithinTheIntervalPrintsNothing() {
        line.sending("grant read access to cp", 1, 1, List.of("GRANT SELECT ON public.orders TO cp"));
        advance(4);
        assertEquals(Optional.empty(), line.due());
        line.idle();
        advance(10);
        assertEquals(Optional.empty(), line.due(), "nothing runs, so nothing to report");
    }

    @Test
    void aWaitingStatementIsNamedAfterTheIntervalThenAtMostOncePerInterval() {
        line.sending("set up publication p", 1, 1, List.of("CREATE PUBLICATION p FOR TABLE public.orders"));
        advance(5);
        String first = line.due().orElseThrow();
        assertTrue(first.contains("set up publication p, statement 1 of 1 running for 5 s"), first);
        assertTrue(first.endsWith(": CREATE PUBLICATION p FOR TABLE public.orders"), first);
        advance(1);
        assertEquals(Optional.empty(), line.due(), "one second after a line");
        advance(3);
        assertEquals(Optional.empty(), line.due(), "four seconds after a line");
        advance(1);
        assertTrue(line.due().orElseThrow().contains("running for 10 s"));
        assertEquals(Optional.empty(), line.due(), "the same instant asked twice");
    }

    @Test
    void aLongBatchedStepCountsItsRoundTripsAndKeepsTheStepsStart() {
        line.sending("grant read access to cp", 1, 100_000, grants(1, 1000));
        advance(3);
        line.sending("grant read access to cp", 1001, 100_000, grants(1001, 2000));
        advance(2);
        String shown = line.due().orElseThrow();
        assertTrue(shown.contains("statements 1001–2000 of 100000 running for 2 s (step 5 s): GRANT SELECT ON s.t1001 "
                + "TO cp; GRANT SELECT ON s.t1002 TO cp;"), shown);
        assertTrue(shown.length() < 500 && shown.endsWith("…"), "cut to one line: " + shown);
    }

    @Test
    void aBatchShowsEachOfItsStatementsCutToOneLine() {
        line.sending("set up publication p", 1, 2, List.of("CREATE PUBLICATION p",
                "ALTER PUBLICATION p ADD TABLE\n" + "public.t, ".repeat(100)));
        advance(5);
        String shown = line.due().orElseThrow();
        assertTrue(shown.contains("statements 1–2 of 2") && shown.contains("CREATE PUBLICATION p; ALTER PUBLICATION p ADD "
                + "TABLE public.t"), "every statement of the round trip may be the one waiting: " + shown);
        assertTrue(shown.length() < 500 && !shown.contains("\n") && shown.endsWith("…"), shown);
    }

    @Test
    void aBlockedSessionIsAskedWhatItWaitsForAndTheAnswerComesBeforeTheStatements() {
        List<Integer> asked = new ArrayList<>();
        line.lookUpLockWaitsWith(pid -> {
            asked.add(pid);
            return Optional.of("waiting for ShareUpdateExclusiveLock on public.orders held by pid 7 (postgres,\nidle)");
        });
        line.session(4242);
        line.sending("set up publication p", 1, 1, List.of("ALTER PUBLICATION p ADD TABLE public.orders"));
        advance(4);
        assertEquals(Optional.empty(), line.due());
        assertEquals(List.of(), asked, "no lookup before a line is due");
        advance(1);
        String shown = line.due().orElseThrow();
        assertEquals(List.of(4242), asked);
        assertTrue(shown.contains("(step 5 s), waiting for ShareUpdateExclusiveLock on public.orders held by pid 7 "
                + "(postgres, idle): ALTER PUBLICATION p ADD TABLE public.orders"), shown);
    }

    @Test
    void withoutAnAnswerTheLineIsAsBefore() {
        line.lookUpLockWaitsWith(pid -> Optional.empty());
        line.session(4242);
        line.sending("set up publication p", 1, 1, List.of("CREATE PUBLICATION p FOR TABLE public.orders"));
        advance(5);
        assertTrue(line.due().orElseThrow().endsWith("running for 5 s (step 5 s): CREATE PUBLICATION p FOR TABLE "
                + "public.orders"));
    }
}
