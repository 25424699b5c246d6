package dev.cdcready.clickpipes.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The executable's log lines: one line per message ({@code WARNING: …}), on stderr, as many as the
 * {@link Verbosity} asks for. java.util.logging's default is two lines per message (date and class, then the text),
 * which buried the report under Flyway's INFO chatter.
 */
final class ConsoleLogging {

    private ConsoleLogging() {
    }

    /** Configures the process's logging; only the real executable calls this, never an in-process test. */
    static void configure(Verbosity verbosity, PrintStream err) {
        // slf4j-simple reads these when its first logger is made, which is when the embedded server's classes load.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbosity.simpleLoggerLevel());
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(verbosity.logLevel());
        root.addHandler(new OneLineHandler(err));
    }

    /** Writes each record as one line, straight away (a ConsoleHandler would close System.err on reset). */
    private static final class OneLineHandler extends Handler {

        private final PrintStream err;

        OneLineHandler(PrintStream err) {
            this.err = err;
            setFormatter(new OneLineFormatter());
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                err.print(getFormatter().format(record));
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** {@code LEVEL: message}, line breaks inside the message folded, a cause named after it rather than a trace. */
    static final class OneLineFormatter extends Formatter {

        @Override
        public String format(LogRecord record) {
            String message = formatMessage(record);
            if (record.getThrown() != null) {
                message += " (" + record.getThrown() + ")";
            }
            return record.getLevel().getName() + ": " + message.strip().replaceAll("\\s*\\R\\s*", " ")
                    + System.lineSeparator();
        }
    }
}
