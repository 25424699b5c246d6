package dev.cdcready.clickpipes.catalog;

/**
 * One logical replication slot.
 *
 * @param name {@code slot_name}
 * @param active whether a walsender is reading it now
 * @param activeUser the role of the walsender reading it; null when inactive
 * @param retainedBytes WAL the server keeps for it: from its {@code restart_lsn} to the current WAL position
 * @param walStatus {@code wal_status} on 13+ ({@code lost} means it can no longer be read); null before 13
 */
public record ReplicationSlot(String name, boolean active, String activeUser, long retainedBytes, String walStatus) {

    /** @return whether the server has already removed WAL the slot needs */
    public boolean lost() {
        return "lost".equals(walStatus);
    }

    /**
     * @param role clickpipes_user
     * @return whether another role reads the slot right now: then it belongs to another consumer, not ClickPipes
     */
    public boolean readByAnotherRole(String role) {
        return active && activeUser != null && !activeUser.equals(role);
    }

    /** @return the statement that drops the slot */
    public String dropStatement() {
        return "SELECT pg_catalog.pg_drop_replication_slot('" + name.replace("'", "''") + "');";
    }

    /** @return the retained WAL for people, e.g. {@code 1.5 GB} */
    public String retained() {
        return ByteSize.format(retainedBytes);
    }
}
