package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.PasswordSource;
import java.util.List;

/**
 * Where a step's statements go: to the server during migrate ({@code migration.ExecutingSink}), or into a list for
 * {@code plan} ({@link RecordingSink}). The steps decide what to send from the catalog; the sink decides whether it is
 * sent, so the plan shows exactly the statements migrate would run.
 */
public interface StatementSink {

    /**
     * @param what what the statements do, for an error message
     * @param statements the statements, in order; nothing happens when empty
     */
    void run(String what, List<String> statements);

    /**
     * Sets a role's password without its plaintext ever being part of a statement.
     *
     * @param role the role
     * @param password where the password comes from
     */
    void setPassword(Identifier role, PasswordSource password);

    /** @return true when nothing is sent to the server (plan) */
    boolean dryRun();
}
