package dev.cdcready.clickpipes.platform;

import java.util.Optional;

/**
 * Which Aurora instance we are connected to, and which one is the writer.
 *
 * @param instanceId {@code aurora_db_instance_identifier()}
 * @param writerId the {@code server_id} of {@code aurora_replica_status()}'s writer row, when it can be read
 */
public record AuroraTopology(String instanceId, Optional<String> writerId) {

    /** @return true when the writer is known and is another instance */
    public boolean isKnownReader() {
        return writerId.isPresent() && !writerId.get().equals(instanceId);
    }
}
