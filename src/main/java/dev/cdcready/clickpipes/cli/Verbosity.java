package dev.cdcready.clickpipes.cli;

import java.util.logging.Level;

/** How much the executable says besides its report: {@code --quiet}, the default, or {@code --verbose}. */
enum Verbosity {
    /** The report (result and findings) alone. */
    QUIET(Level.OFF, "off"),
    /** The report, the demo's notes, and warnings from Flyway and the libraries. */
    NORMAL(Level.WARNING, "warn"),
    /** Also Flyway's INFO lines: each migration, each callback (not the embedded server's initdb chatter). */
    VERBOSE(Level.INFO, "warn");

    private final Level logLevel;
    private final String simpleLoggerLevel;

    Verbosity(Level logLevel, String simpleLoggerLevel) {
        this.logLevel = logLevel;
        this.simpleLoggerLevel = simpleLoggerLevel;
    }

    /** @return the level for java.util.logging, which Flyway and the bundle's callback log through here */
    Level logLevel() {
        return logLevel;
    }

    /** @return the level for slf4j-simple, which the embedded PostgreSQL logs through */
    String simpleLoggerLevel() {
        return simpleLoggerLevel;
    }
}
