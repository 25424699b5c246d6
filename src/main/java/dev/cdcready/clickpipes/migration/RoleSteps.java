package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.Secret;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/** Creating clickpipes_user, setting its password, and giving it the replication privilege. */
public final class RoleSteps {

    private RoleSteps() {
    }

    /** Creates clickpipes_user with LOGIN, or adopts an existing role and makes sure it can log in. */
    public static void createRole(StepContext step) {
        RoleInfo role = step.catalog().role(step.settings().user());
        String user = step.settings().user().quoted();
        if (!role.exists()) {
            SqlRunner.run(step.connection(), "create role " + step.settings().user(),
                    List.of("CREATE ROLE " + user + " LOGIN"));
        } else if (!role.canLogin()) {
            SqlRunner.run(step.connection(), "allow role " + step.settings().user() + " to log in",
                    List.of("ALTER ROLE " + user + " LOGIN"));
        }
    }

    /**
     * Sets the password from the configured source. pgjdbc hashes it on the client (SCRAM-SHA-256) and sends only the
     * verifier, so the plaintext appears in no statement, server log or history row. Without a configured password an
     * existing role keeps its own.
     */
    public static void setPassword(StepContext step) {
        if (!step.settings().password().isConfigured()) {
            return;
        }
        try (Secret secret = step.settings().password().read()) {
            step.connection().unwrap(PGConnection.class)
                    .alterUserPassword(step.settings().user().value(), secret.chars(), "scram-sha-256");
        } catch (SQLException e) {
            // The driver's message quotes the statement, which holds only the verifier; still, say no more than the
            // state.
            throw new ClickPipesException("Could not set the password of " + step.settings().user()
                    + " (SQLState " + e.getSQLState() + ").", null);
        }
    }

    /** {@code GRANT rds_replication} on Aurora/RDS; the REPLICATION attribute on plain PostgreSQL. */
    public static void grantReplication(StepContext step) {
        RoleInfo role = step.catalog().role(step.settings().user());
        String user = step.settings().user().quoted();
        if (step.platform().isAws()) {
            if (!role.rdsReplication()) {
                SqlRunner.run(step.connection(), "grant rds_replication to " + step.settings().user(),
                        List.of("GRANT rds_replication TO " + user));
            }
        } else if (!role.replication()) {
            SqlRunner.run(step.connection(), "give " + step.settings().user() + " the REPLICATION attribute",
                    List.of("ALTER ROLE " + user + " REPLICATION"));
        }
    }

    /** Fails clearly when clickpipes_user is gone, e.g. renamed in the settings after V2 created the old one. */
    static void requireRole(StepContext step) {
        if (!step.catalog().role(step.settings().user()).exists()) {
            throw new ClickPipesException("clickpipes_user " + step.settings().user() + " does not exist, but the "
                    + "bundle's role migration has already run in this history table (it created the role configured "
                    + "then). Create the role first (CREATE ROLE " + step.settings().user().quoted() + " LOGIN;), or "
                    + "set clickpipes_user back to the role the bundle created.");
        }
    }
}
