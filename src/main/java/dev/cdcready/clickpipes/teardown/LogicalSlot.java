package dev.cdcready.clickpipes.teardown;

import dev.cdcready.clickpipes.catalog.ReplicationSlot;

/**
 * A logical replication slot of this database, and who reads it right now.
 *
 * @param name {@code slot_name}
 * @param plugin the output plugin ({@code pgoutput} for ClickPipes and any publication reader)
 * @param active whether a walsender reads it now
 * @param reader who reads it (role, application, client address, pid); null when inactive
 */
record LogicalSlot(String name, String plugin, boolean active, String reader) {

    /** One row per logical slot of the current database, sorted by name. */
    static final String SQL = """
            SELECT s.slot_name::pg_catalog.text AS name, s.plugin::pg_catalog.text AS plugin, s.active,
                   CASE WHEN s.active THEN pg_catalog.format('role %s (application %L, from %s, pid %s)',
                        COALESCE(r.usename::pg_catalog.text, '?'),
                        COALESCE(r.application_name, ''),
                        COALESCE(pg_catalog.host(r.client_addr), 'local socket'),
                        s.active_pid) END AS reader
              FROM pg_catalog.pg_replication_slots s
              LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid OPERATOR(pg_catalog.=) s.active_pid
             WHERE s.slot_type OPERATOR(pg_catalog.=) 'logical'::pg_catalog.text
               AND s.database OPERATOR(pg_catalog.=) pg_catalog.current_database()
             ORDER BY 1
            """;

    /** @return whether it could read a publication: only pgoutput reads publications */
    boolean pgoutput() {
        return "pgoutput".equals(plugin);
    }

    /** @return the statement that drops it, once nothing reads it (one home for it: {@link ReplicationSlot}) */
    String dropStatement() {
        return new ReplicationSlot(name, active, null, 0L, null).dropStatement();
    }
}
