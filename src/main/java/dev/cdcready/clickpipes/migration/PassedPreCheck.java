package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * A Flyway callback that has already run the pre-check in the current migrate run. {@link MigrationGuard} finds it
 * among the configuration's callbacks and reuses its report instead of running the same catalog queries again in
 * each of the bundle's Java migrations. Without such a callback (the bundle configured without it) every migration
 * runs the pre-check itself. When the history table already exists the callback runs only the server part of the
 * pre-check, and the first Java migration that really runs does the full one, before it writes anything.
 */
public interface PassedPreCheck {

    /** @return the passing report of this migrate run; empty when no pre-check has passed in it yet */
    Optional<PreCheckReport> passedPreCheck();

    /**
     * Keeps a full pre-check that a migration ran and passed, for the later migrations of the same run.
     *
     * @param report the passing report
     */
    void recordPassedPreCheck(PreCheckReport report);

    /**
     * Keeps the outcome of a step's checks that ran while Flyway resolved the step's checksum in this run, so that a
     * migrate that applies nothing can say the final state was checked without checking it twice.
     *
     * @param step the step
     * @param findings what the step's checks found; null when they did not run (the step runs anyway)
     * @param since the checkpoint they read only the changed tables since; empty when they read every table
     */
    default void recordStepCheck(String step, List<Finding> findings, Optional<TableCheckpoint> since) {
        // A callback that keeps no record: the run verifies on its own.
    }

    /**
     * @return Flyway's own connection while it validates (when it resolves the steps' checksums), for the steps'
     *     drift checks; empty otherwise, and they open a connection of their own
     */
    default Optional<Connection> validatingConnection() {
        return Optional.empty();
    }

    /**
     * @param connection a connection of this run
     * @return the server's facts as read on that connection, once per run: both steps' drift checks and the callback's
     *     server check ask for them on Flyway's main connection
     */
    default ServerFacts serverFacts(Connection connection) {
        return ServerFactsReader.read(connection);
    }
}
