package dev.cdcready.clickpipes.config;

import java.util.Optional;

/**
 * Schemas clickpipes_user must never be given: PostgreSQL's own, and the schema of the bundle's history table. The
 * bundle grants SELECT on every table of a configured schema, so naming one of these would hand ClickPipes the
 * system catalogs or the migration history instead of application data.
 */
public final class ReservedSchemas {

    /** The schema the bundle keeps its history table in unless the Flyway configuration says otherwise. */
    public static final String BUNDLE_HISTORY_SCHEMA = "clickpipes_flyway";
    /** The bundle's history table in {@link #BUNDLE_HISTORY_SCHEMA}. */
    public static final String BUNDLE_HISTORY_TABLE = "clickpipes_schema_history";

    private ReservedSchemas() {
    }

    /**
     * @param schema an exact schema name
     * @param historySchema the schema of the bundle's history table
     * @return why clickpipes_user must not be given {@code schema}; empty when it may
     */
    public static Optional<String> reason(String schema, String historySchema) {
        // PostgreSQL reserves the prefix exactly as written (lower case): "PG_x" is an ordinary schema.
        if (schema.startsWith("pg_")) {
            return Optional.of("is a PostgreSQL system schema (pg_ names are reserved: pg_catalog, pg_toast, "
                    + "pg_temp_*); granting SELECT on its tables would expose the system catalogs, among them "
                    + "pg_authid with every role's password hash");
        }
        if (schema.equals("information_schema")) {
            return Optional.of("is PostgreSQL's information schema: views over the system catalogs, no "
                    + "application data to replicate");
        }
        if (schema.equals(historySchema)) {
            return Optional.of("is the schema of the bundle's own history table; it holds no application data, "
                    + "and Flyway writes there while the bundle grants on it");
        }
        return Optional.empty();
    }

    /**
     * @param setting the setting the schema came from
     * @param schema a configured schema
     * @param historySchema the schema of the bundle's history table
     * @throws InvalidSettingException when the schema is reserved
     */
    public static void require(String setting, Identifier schema, String historySchema) {
        reason(schema.value(), historySchema).ifPresent(why -> {
            String fix = "Remove " + schema.value() + " from " + setting + " and name only the schemas that hold the "
                    + "application's tables, e.g. " + Placeholders.SCHEMAS + "=public.";
            if (schema.value().equals(historySchema) && !historySchema.equals(BUNDLE_HISTORY_SCHEMA)) {
                fix += " If " + schema.value() + " holds application tables, keep the bundle's history in a schema "
                        + "of its own instead: -schemas=" + BUNDLE_HISTORY_SCHEMA + " (Flyway CLI), or "
                        + "ClickPipesFlyway.configure(...) (API).";
            }
            throw new InvalidSettingException(setting, "schema " + Identifier.printable(schema.value()) + " " + why,
                    fix);
        });
    }
}
