package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import java.util.List;

/** Creating clickpipes_user, setting its password, and giving it the replication privilege. */
public final class RoleSteps {

    private RoleSteps() {
    }

    /** Creates clickpipes_user with LOGIN, or adopts an existing role and makes sure it can log in. */
    public static void createRole(StepContext step) {
        RoleInfo role = step.catalog().role(step.settings().user());
        String user = step.settings().user().quoted();
        if (!role.exists()) {
            step.sql().run("create role " + step.settings().user(),
                    List.of("CREATE ROLE " + user + " LOGIN"));
        } else if (!role.canLogin()) {
            step.sql().run("allow role " + step.settings().user() + " to log in",
                    List.of("ALTER ROLE " + user + " LOGIN"));
        }
    }

    /**
     * Sets the password from the configured source, hashed on the client (see {@link ExecutingSink#setPassword}).
     * Without a configured password an existing role keeps its own.
     */
    public static void setPassword(StepContext step) {
        if (step.settings().password().isConfigured()) {
            step.sql().setPassword(step.settings().user(), step.settings().password());
        }
    }

    /** {@code GRANT rds_replication} on Aurora/RDS; the REPLICATION attribute on plain PostgreSQL. */
    public static void grantReplication(StepContext step) {
        RoleInfo role = step.catalog().role(step.settings().user());
        String user = step.settings().user().quoted();
        if (step.platform().isAws()) {
            if (!role.rdsReplication()) {
                step.sql().run("grant rds_replication to " + step.settings().user(),
                        List.of("GRANT rds_replication TO " + user));
            }
        } else if (!role.replication()) {
            step.sql().run("give " + step.settings().user() + " the REPLICATION attribute",
                    List.of("ALTER ROLE " + user + " REPLICATION"));
        }
    }

    /** Fails clearly when clickpipes_user is gone, e.g. renamed in the settings after V2 created the old one. */
    static void requireRole(StepContext step) {
        // A plan shows the steps as if the earlier pending ones had run, the role's creation among them.
        if (!step.sql().dryRun() && !step.catalog().role(step.settings().user()).exists()) {
            throw new ClickPipesException("clickpipes_user " + step.settings().user() + " does not exist, but the "
                    + "bundle's role migration has already run in this history table (it created the role configured "
                    + "then). Create the role first (CREATE ROLE " + step.settings().user().quoted() + " LOGIN;), or "
                    + "set clickpipes_user back to the role the bundle created.");
        }
    }
}
