package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.IamLogin;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.precheck.IamRequirements;
import java.util.ArrayList;
import java.util.List;

/** Creating clickpipes_user, setting its password, and giving it the replication privilege. */
public final class RoleSteps {

    private RoleSteps() {
    }

    /**
     * Creates clickpipes_user with LOGIN and the configured password in the same transaction, so that no committed
     * role ever lacks it (with clickpipes_auth=iam: no password, and membership in rds_iam); or adopts an existing
     * role (the pre-check made sure it is shaped for CDC), gives it LOGIN and leaves its password alone unless the
     * configured one does not log in and rotation was asked for (with iam: grants rds_iam if it lacks it).
     */
    public static void createRole(StepContext step) {
        RoleInfo role = step.catalog().role(step.settings().user());
        String user = step.settings().user().quoted();
        if (!role.exists()) {
            step.sql().run("create role " + step.settings().user(),
                    List.of("CREATE ROLE " + user + " LOGIN"));
            if (step.settings().auth() == Authentication.IAM) {
                grantIamLogin(step);
            } else if (step.settings().password().isConfigured()) {
                step.sql().setPassword(step.settings().user(), step.settings().password());
            }
            return;
        }
        if (!role.canLogin()) {
            step.sql().run("allow role " + step.settings().user() + " to log in",
                    List.of("ALTER ROLE " + user + " LOGIN"));
        }
        if (step.settings().auth() == Authentication.IAM) {
            if (!IamLogin.read(step.catalog(), step.settings().user()).member()) {
                grantIamLogin(step);
            }
        } else if (step.settings().password().isConfigured()) {
            PasswordRotation.ifAsked(step.connection(), step.settings(), step.sql());
        }
    }

    /**
     * IAM login: membership in rds_iam, and never a password (an adopted role keeps whatever it had; the pre-check
     * warned that IAM now takes precedence over it).
     */
    private static void grantIamLogin(StepContext step) {
        step.sql().run("grant rds_iam to " + step.settings().user(),
                List.of(IamRequirements.grant(step.settings().user())));
    }

    /**
     * Nothing any more: the role's own migration sets the password when it creates the role, and an existing role's
     * password is replaced only on request. Kept as a step so that history tables which recorded V3 still validate.
     */
    public static void passwordSetWithRole(StepContext step) {
        // Deliberately empty; see createRole.
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

    /**
     * Puts back what someone took from clickpipes_user after its migrations ran — LOGIN, a password that expired,
     * the replication privilege — without touching its password. Part of the schema-access repeatable, which re-runs
     * when any of it is missing (V2 and V4 are versioned and never run again).
     */
    public static void maintainRole(StepContext step) {
        requireRole(step);
        RoleInfo role = step.catalog().role(step.settings().user());
        if (!role.exists()) {
            // Only in a plan, where the pending role migration creates it with LOGIN and the replication privilege.
            return;
        }
        String user = step.settings().user().quoted();
        List<String> statements = new ArrayList<>();
        if (!role.canLogin()) {
            statements.add("ALTER ROLE " + user + " LOGIN");
        }
        if (role.passwordExpired()) {
            statements.add("ALTER ROLE " + user + " VALID UNTIL 'infinity'");
        }
        step.sql().run("let " + step.settings().user() + " log in again", statements);
        grantReplication(step);
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
