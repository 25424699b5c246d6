package dev.cdcready.clickpipes.teardown;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.ReplicationSlot;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse of migrate, for decommissioning: drop the publication, revoke every privilege clickpipes_user holds in
 * this database (whatever granted it), drop the role, and drop the bundle's history so that a later migrate starts
 * afresh. All in one transaction: it happens whole or not at all.
 */
public final class Teardown {

    private Teardown() {
    }

    /**
     * Works out the statements from the catalog. Reads only.
     *
     * @param connection a connection as the migrating role
     * @param settings the settings (role and publication names)
     * @param historySchema the schema of the bundle's history table
     * @param historyTable the bundle's history table
     * @return the plan, with blockers when it must refuse
     */
    public static TeardownPlan plan(Connection connection, ClickPipesSettings settings, String historySchema,
                                    String historyTable) {
        ServerFacts facts = ServerFactsReader.read(connection);
        Catalog catalog = new Catalog(connection);
        List<Finding> blockers = new ArrayList<>();
        if (facts.inRecovery()) {
            blockers.add(Finding.error("NOT_WRITER", "The server is in recovery (a reader); teardown writes.",
                    "Connect through the cluster writer endpoint."));
            return new TeardownPlan(List.of(), blockers);
        }
        for (ReplicationSlot slot : catalog.pgoutputSlots(facts.atLeast(13))) {
            if (slot.readByAnotherRole(settings.user().value())) {
                continue;
            }
            blockers.add(Finding.error("SLOT_IN_USE", "Replication slot " + slot.name() + " ("
                    + (slot.active() ? "read right now by " + slot.activeUser() : "inactive") + ", pgoutput) may "
                    + "still read publication " + settings.publication() + "; dropping the publication would break "
                    + "it.", "Delete the ClickPipe first (ClickPipes drops its slot), or drop the slot: "
                    + slot.dropStatement()));
        }
        List<String> statements = new ArrayList<>();
        Identifier user = settings.user();
        if (catalog.publication(settings.publication(), facts.atLeast(15)).exists()) {
            statements.add("DROP PUBLICATION " + settings.publication().quoted());
        }
        if (catalog.role(user).exists()) {
            statements.addAll(catalog.query("list the privileges of " + user, PrivilegeRevokes.SQL,
                    PrivilegeRevokes::read, user.value()));
            statements.add("DROP ROLE " + user.quoted());
        }
        if (catalog.tableExists(historySchema, historyTable)) {
            statements.add("DROP TABLE " + new Identifier(historySchema).quoted() + "."
                    + new Identifier(historyTable).quoted());
            // Without CASCADE: if someone put anything else in the bundle's schema, teardown fails and leaves it.
            statements.add("DROP SCHEMA " + new Identifier(historySchema).quoted());
        }
        return new TeardownPlan(statements, blockers);
    }

    /**
     * Runs an allowed plan in one transaction, bounded by {@code lock_timeout}.
     *
     * @param connection a connection as the migrating role, in auto-commit mode
     * @param plan a plan from {@link #plan}
     * @param lockTimeout how long to wait for a lock at most
     */
    public static void execute(Connection connection, TeardownPlan plan, String lockTimeout) {
        if (!plan.allowed()) {
            throw new IllegalStateException("teardown was refused: " + plan.blockers());
        }
        try {
            connection.setAutoCommit(false);
            MigrationGuard.setLockTimeout(connection, lockTimeout);
            String current = null;
            try (Statement statement = connection.createStatement()) {
                for (String sql : plan.statements()) {
                    current = sql;
                    statement.execute(sql);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new ClickPipesException("Teardown failed at \"" + current + "\" and was rolled back; nothing "
                        + "was changed. " + e.getMessage() + (e.getSQLState() != null && e.getSQLState()
                        .equals("2BP01") ? " The role still has privileges or objects in another database: run "
                        + "teardown there first (REVOKE ... FROM the role), then here." : ""), e);
            }
        } catch (SQLException e) {
            throw new ClickPipesException("Teardown could not run: " + e.getMessage(), e);
        }
    }
}
