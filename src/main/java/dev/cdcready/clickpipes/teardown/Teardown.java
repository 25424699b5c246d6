package dev.cdcready.clickpipes.teardown;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.WriterRequirement;
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
        List<String> statements = new ArrayList<>();
        Identifier user = settings.user();
        if (catalog.publication(settings.publication(), facts.atLeast(15)).exists()) {
            statements.add("DROP PUBLICATION " + settings.publication().quoted());
        }
        if (catalog.role(user).exists()) {
            statements.addAll(catalog.query("list the privileges of " + user, PrivilegeRevokes.SQL,
                    PrivilegeRevokes::read, user.value()));
            statements.addAll(catalog.query("list the privileges other roles granted to " + user,
                    ForeignGrants.SQL, rs -> foreignRevokes(rs, user, blockers), user.value(), facts.atLeast(16)));
            List<String> elsewhere = catalog.query("list the other databases where " + user + " holds privileges",
                    OtherDatabases.SQL, Catalog::firstColumn, user.value());
            if (elsewhere.isEmpty()) {
                statements.add("DROP ROLE " + user.quoted());
            } else {
                notes.add(Finding.info(FindingCode.ROLE_KEPT, "Role " + user + " is kept: it still holds privileges or owns "
                        + "objects in database(s) " + String.join(", ", elsewhere) + " (pg_shdepend), and the role "
                        + "is one for the whole server. Only this database's part is removed: publication, "
                        + "privileges and the bundle's history.", "Run teardown in " + String.join(", ", elsewhere)
                        + " too; the last database's teardown drops the role."));
            }
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
     * Each privilege another grantor gave is revoked as that grantor; where the migrating role cannot act as it,
     * teardown refuses instead of failing later at DROP ROLE.
     */
    private static List<String> foreignRevokes(ResultSet rs, Identifier user, List<Finding> blockers)
            throws SQLException {
        List<String> statements = new ArrayList<>();
        while (rs.next()) {
            String grantor = rs.getString("grantor");
            String revoke = "REVOKE ALL ON " + rs.getString("object") + " FROM " + user.quoted();
            if (rs.getBoolean("can_act")) {
                statements.addAll(List.of("SET ROLE " + grantor, revoke, "RESET ROLE"));
            } else {
                blockers.add(Finding.error(FindingCode.FOREIGN_GRANTOR, "Role " + grantor + " granted privileges on "
                        + rs.getString("object") + " to " + user + "; only " + grantor + " can revoke them, and the "
                        + "migrating role " + rs.getString("migrator") + " cannot SET ROLE to " + grantor + ".",
                        "As " + grantor + " run: " + revoke + "; or let the migrating role act as it: GRANT "
                        + grantor + " TO " + rs.getString("migrator") + "; then teardown again."));
            }
        }
        return statements;
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
