package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.config.PrintableText;
import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.teardown.Teardown;
import dev.cdcready.clickpipes.teardown.TeardownPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code teardown}: the reverse of migrate, in one transaction; only with {@code --yes}. */
final class TeardownCommand {

    private static final String NL = System.lineSeparator();

    private TeardownCommand() {
    }

    static Outcome run(Session session) {
        Connection connection = session.connect();
        try {
            // Plan and statements in one transaction, so what is revoked is what was read.
            connection.setAutoCommit(false);
            TeardownPlan plan = Teardown.plan(connection, session.settings(), ClickPipesFlyway.HISTORY_SCHEMA,
                    ClickPipesFlyway.HISTORY_TABLE, Set.copyOf(session.options().ignoredSlots()));
            // As printed: names holding control characters Unicode-escaped (the statements run are the same SQL).
            List<String> printable = plan.statements().stream().map(PrintableText::sql).toList();
            List<Object> statements = new ArrayList<>(printable);
            if (!plan.allowed()) {
                connection.rollback();
                return Outcome.of(ExitCode.REFUSED, plan.blockers(), "Teardown refused; nothing was changed.")
                        .with("statements", statements);
            }
            if (plan.nothingToDo()) {
                connection.rollback();
                return Outcome.of(ExitCode.OK, plan.notes(), "Nothing to tear down in this database: no publication "
                        + session.settings().publication() + ", no privileges of " + session.settings().user()
                        + ", no bundle history.").with("statements", statements);
            }
            String listing = String.join(";" + NL, printable) + ";";
            if (!session.options().yes()) {
                connection.rollback();
                return Outcome.of(ExitCode.USAGE, plan.notes(), "Teardown would run, in one transaction:" + NL
                        + listing + NL + "Nothing was changed. Run again with --yes to do it.")
                        .with("statements", statements).with("preview", true);
            }
            Teardown.execute(connection, plan, session.settings().lockTimeout());
            return Outcome.of(ExitCode.OK, plan.notes(), "Torn down, in one transaction:" + NL + listing)
                    .with("statements", statements);
        } catch (SQLException e) {
            throw new ClickPipesException("Teardown could not start a transaction: " + e.getMessage(), e);
        } finally {
            Session.close(connection);
        }
    }
}
