package dev.cdcready.clickpipes.safety.secrets;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Flyway's log, captured: named in {@code loggers(...)}, Flyway creates it by class name. Keeps every line at every
 * level, DEBUG included, in one buffer the test reads.
 */
public final class CapturingLogCreator implements LogCreator {

    private static final StringBuffer LINES = new StringBuffer();

    /** Flyway instantiates it by name. */
    public CapturingLogCreator() {
    }

    /** @return every line captured since {@link #clear()} */
    public static String text() {
        return LINES.toString();
    }

    /** Forgets the lines captured so far. */
    public static void clear() {
        LINES.setLength(0);
    }

    @Override
    public Log createLogger(Class<?> clazz) {
        String source = clazz.getSimpleName();
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return true;
            }

            @Override
            public void debug(String message) {
                add("DEBUG", message);
            }

            @Override
            public void info(String message) {
                add("INFO", message);
            }

            @Override
            public void warn(String message) {
                add("WARN", message);
            }

            @Override
            public void error(String message) {
                add("ERROR", message);
            }

            @Override
            public void error(String message, Exception e) {
                add("ERROR", message + " " + StackTraces.of(e));
            }

            @Override
            public void notice(String message) {
                add("NOTICE", message);
            }

            private void add(String level, String message) {
                LINES.append(level).append(' ').append(source).append(": ").append(message).append('\n');
            }
        };
    }
}
