package dev.cdcready.clickpipes.migration;

import java.util.List;

/**
 * Told which of a step's statements the bundle is about to send, so that a host can say what a long step is doing
 * (granting on 100,000 tables, waiting on a locked table) instead of staying silent until it ends. The executable
 * installs one around its command; every other host (Flyway API, Spring, Quarkus) leaves {@link #NONE}.
 *
 * <p>Installed per thread, because Flyway runs the migrations in the thread that called {@code migrate()}, and two
 * runs in one JVM (tests, an application with two data sources) must not report into each other's listener.
 */
public interface Progress {

    /** Hears nothing. */
    Progress NONE = new Progress() {
        @Override
        public void sending(String what, int first, int total, List<String> round) {
        }

        @Override
        public void idle() {
        }
    };

    /**
     * The statements of one round trip are about to be sent: the step's statements {@code first} (1-based) to
     * {@code first + round.size() - 1} of {@code total}.
     *
     * @param what what the step does, as its error message says it
     * @param first the number of the round trip's first statement in the step
     * @param total the step's statements
     * @param round the round trip's statements (built by the bundle: quoted names, no secret); any of them may be
     *     the one that waits
     */
    void sending(String what, int first, int total, List<String> round);

    /**
     * The server process the step's statements are about to run in, so that a host can ask, from a session of its
     * own, what that process waits for. Told before the step's first {@link #sending}.
     *
     * @param backendPid the process id ({@code pg_backend_pid()} of the migration's session); 0 when unknown
     */
    default void session(int backendPid) {
    }

    /** The step's statements have all run, or failed: nothing is waiting on the server. */
    void idle();

    /** @return the listener installed for this thread, or {@link #NONE} */
    static Progress current() {
        return Installed.CURRENT.get();
    }

    /**
     * @param listener the listener for this thread's statements until the returned scope closes
     * @return closing it puts back the listener that was there before
     */
    static Installed install(Progress listener) {
        return new Installed(listener);
    }

    /** The scope of an installed listener. */
    final class Installed implements AutoCloseable {

        private static final ThreadLocal<Progress> CURRENT = ThreadLocal.withInitial(() -> NONE);

        private final Progress previous;

        private Installed(Progress listener) {
            previous = CURRENT.get();
            CURRENT.set(listener);
        }

        @Override
        public void close() {
            CURRENT.set(previous);
        }
    }
}
