package dev.cdcready.clickpipes.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The server settings ({@code -c name=value}) a {@link ServerSpec} asks for; extra settings come last and win. */
final class ServerSettings {

    private ServerSettings() {
    }

    /** For a server on this machine: listens on 127.0.0.1 only. */
    static Map<String, String> forEmbedded(ServerSpec spec) {
        Map<String, String> settings = common(spec);
        settings.put("listen_addresses", "127.0.0.1");
        settings.putAll(spec.extraSettings());
        settings.values().removeIf(ServerSpec.SERVER_DEFAULT::equals);
        return settings;
    }

    /** For a server in a container: keeps the image's {@code listen_addresses='*'}. */
    static Map<String, String> forContainer(ServerSpec spec) {
        Map<String, String> settings = common(spec);
        settings.putAll(spec.extraSettings());
        settings.values().removeIf(ServerSpec.SERVER_DEFAULT::equals);
        return settings;
    }

    private static Map<String, String> common(ServerSpec spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wal_level", spec.logicalReplication() ? "logical" : "replica");
        settings.put("max_replication_slots", "10");
        settings.put("max_wal_senders", "10");
        settings.put("max_connections", "60");
        settings.put("shared_buffers", "16MB");
        settings.put("password_encryption", "scram-sha-256");
        if (spec.major() >= 13) {
            // As ClickHouse advises for a CDC source (the default, -1, is a warning of check and verify).
            settings.put("max_slot_wal_keep_size", "200GB");
        }
        if (spec.flavor() != Flavor.PLAIN) {
            settings.put("rds.logical_replication", spec.logicalReplication() ? "on" : "off");
            settings.put("rds.extensions", "pg_stat_statements");
        }
        return settings;
    }
}
