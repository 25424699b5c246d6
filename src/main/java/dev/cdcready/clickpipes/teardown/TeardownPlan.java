package dev.cdcready.clickpipes.teardown;

import dev.cdcready.clickpipes.precheck.Finding;
import java.util.List;

/**
 * What teardown would do, or why it refuses.
 *
 * @param statements the statements, in order, run in one transaction
 * @param blockers why it refuses (a replication slot that may still read the publication, a reader, a grant only its
 *     grantor can revoke); empty when it may go ahead
 * @param notes what it leaves on purpose, and why (a role still needed by another database)
 */
public record TeardownPlan(List<String> statements, List<Finding> blockers, List<Finding> notes) {

    public TeardownPlan {
        statements = List.copyOf(statements);
        blockers = List.copyOf(blockers);
        notes = List.copyOf(notes);
    }

    /** @return whether it may go ahead */
    public boolean allowed() {
        return blockers.isEmpty();
    }

    /** @return whether there is nothing left to remove */
    public boolean nothingToDo() {
        return statements.isEmpty();
    }
}
