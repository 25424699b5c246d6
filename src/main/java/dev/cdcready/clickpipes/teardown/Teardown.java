package dev.cdcready.clickpipes.teardown;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.connection.LockTimeout;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.WriterRequirement;
import dev.cdcready.clickpipes.step.PublicationStep;
import dev.cdcready.clickpipes.step.RoleStep;
import dev.cdcready.clickpipes.step.SchemaAccessStep;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reverse of migrate, for decommissioning: drop the publication, revoke every privilege clickpipes_user holds in
 * this database (whoever granted it), drop the role unless another database of the server still needs it, and drop
 * the bundle's history so that a later migrate starts afresh. All in one transaction: it happens whole or not at all.
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
     * @param ignoredSlots slots the operator said do not read the publication ({@code --ignore-slot})
     * @return the plan, with blockers when it must refuse
     */
    public static TeardownPlan plan(Connection connection, ClickPipesSettings settings, String historySchema,
                                    String historyTable, Set<String> ignoredSlots) {
        ServerFacts facts = ServerFactsReader.read(connection);
        Catalog catalog = new Catalog(connection);
        List<Finding> blockers = new ArrayList<>();
        List<Finding> notes = new ArrayList<>();
        blockers.addAll(WriterRequirement.check(facts));
        if (!blockers.isEmpty()) {
            return new TeardownPlan(List.of(), blockers, notes);
        }
        blockers.addAll(SlotBlockers.of(catalog.query("read the logical replication slots", LogicalSlot.SQL,
                Teardown::slots), settings.publication(), ignoredSlots));
        // The guide's steps undone in reverse: the publication, the read access, the role (with its replication
        // privilege). The server step has nothing to undo.
        List<String> statements = new ArrayList<>(PublicationStep.undo(catalog, settings, facts));
        Identifier user = settings.user();
        if (catalog.role(user).exists()) {
            statements.addAll(SchemaAccessStep.undo(catalog, user, facts.atLeast(16), blockers));
            statements.addAll(RoleStep.undo(catalog, user, notes));
        }
        if (catalog.tableExists(historySchema, historyTable)) {
            statements.add("DROP TABLE " + new Identifier(historySchema).quoted() + "."
                    + new Identifier(historyTable).quoted());
            // Without CASCADE: if someone put anything else in the bundle's schema, teardown fails and leaves it.
            statements.add("DROP SCHEMA " + new Identifier(historySchema).quoted());
        }
        return new TeardownPlan(statements, blockers, notes);
    }

    private static List<LogicalSlot> slots(ResultSet rs) throws SQLException {
        List<LogicalSlot> slots = new ArrayList<>();
        while (rs.next()) {
            slots.add(new LogicalSlot(rs.getString("name"), rs.getString("plugin"), rs.getBoolean("active"),
                    rs.getString("reader")));
        }
        return slots;
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
            LockTimeout.set(connection, lockTimeout);
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
                        + "was changed. " + e.getMessage() + ("2BP01".equals(e.getSQLState()) ? " The role still "
                        + "holds something in this database that teardown does not revoke (the server's detail above "
                        + "names it, e.g. a column privilege or an object it owns): REVOKE it or "
                        + "REASSIGN OWNED BY the role, then run teardown again." : ""), e);
            }
        } catch (SQLException e) {
            throw new ClickPipesException("Teardown could not run: " + e.getMessage(), e);
        }
    }
}
