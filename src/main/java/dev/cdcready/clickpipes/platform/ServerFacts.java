package dev.cdcready.clickpipes.platform;

import java.util.Optional;

/**
 * What the server says about itself, read once per check in one round trip.
 *
 * @param versionNum {@code server_version_num}, e.g. 170004 (Aurora/RDS version strings carry suffixes; this does not)
 * @param version {@code server_version}, for messages
 * @param inRecovery {@code pg_is_in_recovery()}: a standby, or an Aurora reader
 * @param walLevel {@code wal_level}
 * @param rdsLogicalReplication {@code rds.logical_replication} where the setting exists
 * @param walSenderTimeoutMillis {@code wal_sender_timeout} in milliseconds
 * @param freeReplicationSlots {@code max_replication_slots} minus slots in use
 * @param freeWalSenders {@code max_wal_senders} minus WAL senders in use
 * @param currentUser the migrating role
 * @param superuser whether the migrating role is a superuser
 * @param detectedPlatform what the server looks like
 * @param aurora the Aurora instance's own and the writer's identifiers, on Aurora
 * @param database the current database
 */
public record ServerFacts(
        int versionNum,
        String version,
        boolean inRecovery,
        String walLevel,
        Optional<String> rdsLogicalReplication,
        long walSenderTimeoutMillis,
        int freeReplicationSlots,
        int freeWalSenders,
        String currentUser,
        boolean superuser,
        Platform detectedPlatform,
        Optional<AuroraTopology> aurora,
        String database) {

    /** @return the major version: 17 for 170004 */
    public int major() {
        return versionNum / 10000;
    }

    /** @return whether the server is at least the given major */
    public boolean atLeast(int major) {
        return major() >= major;
    }
}
