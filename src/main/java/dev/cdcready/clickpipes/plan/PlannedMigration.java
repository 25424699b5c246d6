package dev.cdcready.clickpipes.plan;

import java.util.List;

/**
 * One pending migration and the statements it would send.
 *
 * @param version its version, or empty for a repeatable migration
 * @param description its description
 * @param script the SQL file or Java class, as Flyway records it
 * @param statements the statements, in order; the password statement redacted
 */
public record PlannedMigration(String version, String description, String script, List<String> statements) {

    public PlannedMigration {
        statements = List.copyOf(statements);
    }

    /** @return {@code V2} or {@code R} */
    public String label() {
        return version.isEmpty() ? "R" : "V" + version;
    }
}
