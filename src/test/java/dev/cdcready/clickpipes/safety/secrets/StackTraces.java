package dev.cdcready.clickpipes.safety.secrets;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A throwable's whole printed stack trace, causes and suppressed exceptions included. */
final class StackTraces {

    private StackTraces() {
    }

    static String of(Throwable thrown) {
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            thrown.printStackTrace(writer);
        }
        return text.toString();
    }
}
