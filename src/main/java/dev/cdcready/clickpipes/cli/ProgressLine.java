package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.config.PrintableText;
import dev.cdcready.clickpipes.migration.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The executable's progress line: while a step's statements run for longer than the interval, one line on stderr
 * at most every interval, saying which statements are running and for how long the current round trip has waited,
 * with the statement itself (so a locked table is named long before clickpipes_lock_timeout ends the wait). When the
 * migration's session is blocked on a lock, the line also says which lock on which table, held by which sessions
 * ({@link LockWaits}, from a second, read-only session). A step that finishes within the interval prints nothing, so a
 * normal run stays as short as before.
 */
final class ProgressLine implements Progress, AutoCloseable {

    /** How often at most a line is printed. */
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** The statements are cut after this many characters: a line, not a screen. */
    private static final int SHOWN = 300;

    /** What is being sent, and since when (nanoTime). */
    private record Sending(String what, int first, int last, int total, String statement, long stepSince,
                           long roundSince) {
    }

    private final PrintStream err;
    private final long interval;
    private final LongSupplier clock;
    private volatile Sending sending;
    private volatile int backendPid;
    private volatile IntFunction<Optional<String>> lockWaits = pid -> Optional.empty();
    private long lastLine;
    private boolean printed;
    private ScheduledExecutorService watcher;

    /**
     * @param err where the lines go
     * @param interval the least time between two lines, and before the first
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    ProgressLine(PrintStream err, Duration interval, LongSupplier clock) {
        this.err = err;
        this.interval = interval.toNanos();
        this.clock = clock;
    }

    /** @return a progress line on {@code err} with its watcher thread running, until closed */
    static ProgressLine started(PrintStream err) {
        ProgressLine line = new ProgressLine(err, INTERVAL, System::nanoTime);
        // The migration's thread is the one that waits on the server, so another thread has to speak for it.
        line.watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "clickpipes-progress");
            thread.setDaemon(true);
            return thread;
        });
        line.watcher.scheduleWithFixedDelay(() -> line.due().ifPresent(err::println), 1, 1, TimeUnit.SECONDS);
        return line;
    }

    /** @param lookup what a blocked server process waits for ({@link LockWaits}), asked only when a line is due */
    void lookUpLockWaitsWith(IntFunction<Optional<String>> lookup) {
        this.lockWaits = lookup;
    }

    @Override
    public void session(int pid) {
        backendPid = pid;
    }

    @Override
    public void sending(String what, int first, int total, List<String> round) {
        long now = clock.getAsLong();
        Sending before = sending;
        long stepSince = before != null && before.what().equals(what) ? before.stepSince() : now;
        // Which statement of a batch waits, the driver does not say: show them all, up to a line's length.
        sending = new Sending(what, first, first + round.size() - 1, total, String.join("; ", round), stepSince, now);
    }

    @Override
    public void idle() {
        sending = null;
    }

    /** @return the line to print now, if a step has run for an interval and no line was printed for one */
    synchronized Optional<String> due() {
        Sending now = sending;
        long time = clock.getAsLong();
        if (now == null || time - now.stepSince() < interval || (printed && time - lastLine < interval)) {
            return Optional.empty();
        }
        lastLine = time;
        printed = true;
        String which = now.first() == now.last() ? "statement " + now.first()
                : "statements " + now.first() + "–" + now.last();
        String printable = PrintableText.sql(now.statement());
        String statement = printable.length() > SHOWN ? printable.substring(0, SHOWN) + "…" : printable;
        String waiting = lockWaits.apply(backendPid).map(wait -> ", " + wait).orElse("");
        return Optional.of(("Still working: " + now.what() + ", " + which + " of " + now.total() + " running for "
                + seconds(time - now.roundSince()) + " s (step " + seconds(time - now.stepSince()) + " s)" + waiting
                + ": " + statement).replaceAll("\\s*\\R\\s*", " "));
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
