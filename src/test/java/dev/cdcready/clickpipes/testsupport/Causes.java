package dev.cdcready.clickpipes.testsupport;

import java.util.Optional;

/** Reads a throwable's cause chain: Flyway wraps the bundle's own errors in its own exceptions. */
public final class Causes {

    private Causes() {
    }

    /** @return every class and message of the chain, one per line, so a test can look for a word anywhere in it */
    public static String messages(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    /** @return the first throwable of the chain that is a {@code type} */
    public static <T extends Throwable> Optional<T> find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
