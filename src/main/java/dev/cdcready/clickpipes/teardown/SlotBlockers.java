package dev.cdcready.clickpipes.teardown;

import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Why teardown must wait for a replication slot. A slot that is read right now — whatever its plugin and whoever
 * reads it — may be a live stream of the publication (a pgoutput client names publications only in its own START
 * command, which the server does not show), so teardown would end it; an inactive pgoutput slot may resume reading
 * the publication. Only the operator knows otherwise, and says so with {@code --ignore-slot}.
 */
final class SlotBlockers {

    private SlotBlockers() {
    }

    /**
     * @param slots the database's logical slots
     * @param publication the publication teardown drops
     * @param ignored slot names the operator said do not read it
     * @return one refusal per slot that may still need the publication or the role
     */
    static List<Finding> of(List<LogicalSlot> slots, Identifier publication, Set<String> ignored) {
        List<Finding> blockers = new ArrayList<>();
        for (LogicalSlot slot : slots) {
            if (ignored.contains(slot.name())) {
                continue;
            }
            String ignore = "if it does not read publication " + publication + ", run teardown again with "
                    + "--ignore-slot=" + slot.name() + ".";
            if (slot.active()) {
                blockers.add(Finding.error(FindingCode.SLOT_ACTIVE, "Logical replication slot " + slot.name() + " ("
                        + slot.plugin() + ") of this database is read right now by " + slot.reader() + "; "
                        + "teardown would drop publication " + publication + " under a live stream.",
                        "Stop that consumer first (delete the ClickPipe: ClickPipes then drops its slot), or, "
                        + ignore));
            } else if (slot.pgoutput()) {
                blockers.add(Finding.error(FindingCode.SLOT_IN_USE, "Replication slot " + slot.name() + " (inactive, "
                        + "pgoutput) may still read publication " + publication + "; dropping the publication would "
                        + "break it.", "Delete the ClickPipe first (ClickPipes drops its slot), or drop the slot: "
                        + slot.dropStatement() + " Or, " + ignore));
            }
        }
        return blockers;
    }
}
