package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.catalog.ByteSize;
import dev.cdcready.clickpipes.catalog.ReplicationSlot;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the pgoutput slots that may read the publication. An inactive slot still makes the server keep WAL, and WAL
 * that piles up fills the writer's disk — on Aurora it is billed storage, on PostgreSQL an outage.
 */
final class SlotHealth {

    private SlotHealth() {
    }

    /**
     * @param slots the pgoutput slots of this database
     * @param user clickpipes_user; slots read right now by another role belong to another consumer and are skipped
     * @param retainedWalLimit retained WAL above this is an error
     * @return the findings, in slot order
     */
    static List<Finding> judge(List<ReplicationSlot> slots, Identifier user, long retainedWalLimit) {
        List<Finding> findings = new ArrayList<>();
        for (ReplicationSlot slot : slots) {
            if (slot.readByAnotherRole(user.value())) {
                continue;
            }
            String drop = slot.dropStatement();
            if (slot.lost()) {
                findings.add(Finding.error(FindingCode.SLOT_LOST, "Replication slot " + slot.name() + " has lost WAL it "
                        + "needs (wal_status lost): its reader can no longer continue from it.", "Drop it (" + drop
                        + ") and resync the ClickPipe, which creates a new slot."));
            } else if (slot.retainedBytes() > retainedWalLimit) {
                findings.add(Finding.error(FindingCode.SLOT_RETAINING_WAL, "Replication slot " + slot.name() + " ("
                        + (slot.active() ? "active" : "inactive") + ") retains " + slot.retained() + " of WAL, more "
                        + "than the limit of " + ByteSize.format(retainedWalLimit) + ".", "Resume the ClickPipe that "
                        + "reads it (or look at why it falls behind); if no pipe reads it any more: " + drop
                        + " The limit is --slot-wal-limit."));
            }
            if (!slot.active() && !slot.lost()) {
                findings.add(Finding.warning(FindingCode.SLOT_INACTIVE, "Replication slot " + slot.name() + " is inactive "
                        + "(no ClickPipe is reading it now) and holds " + slot.retained() + " of WAL.",
                        "Expected while a pipe is paused; if the pipe was deleted: " + drop));
            }
        }
        return findings;
    }
}
