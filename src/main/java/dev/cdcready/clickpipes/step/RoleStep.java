package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.access.RoleStatements;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.IamLogin;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.precheck.CheckContext;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.IamRequirements;
import dev.cdcready.clickpipes.precheck.RoleShape;
import dev.cdcready.clickpipes.precheck.SharedPassword;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guide's role step: clickpipes_user exists, may log in, and has its password (or IAM login). Creating the role,
 * adopting an existing one only when it is shaped for CDC, keeping its LOGIN, verifying it, and dropping it again.
 */
public final class RoleStep {

    private RoleStep() {
    }

    /**
     * Requires that the migrating role may create clickpipes_user, or alter the existing one where the step must.
     *
     * @param context the pre-check's context
     * @param findings where refusals go
     */
    static void requirePrivileges(CheckContext context, List<Finding> findings) {
        if (context.facts().superuser()) {
            return;
        }
        Catalog catalog = context.catalog();
        RoleInfo role = catalog.role(context.settings().user());
        String user = context.settings().user().value();
        boolean createRole = catalog.canCreateRoles();
        String masterUser = context.platform().isAws() ? "Run as the cluster's master user (member of rds_superuser), "
                + "or: " : "";
        if (!role.exists() && !createRole) {
            findings.add(Finding.error(FindingCode.CANNOT_CREATE_ROLE,
                    "The migrating role " + context.facts().currentUser() + " has no CREATEROLE privilege; it must "
                            + "create clickpipes_user " + user + ".",
                    masterUser + "ALTER ROLE " + context.migrator() + " CREATEROLE;"));
        }
        // An existing role's password is sent only when rotation is asked for (see SharedPassword).
        boolean changesRole = role.exists() && (!role.canLogin()
                || (context.settings().password().isConfigured() && context.settings().rotatePassword()));
        if (changesRole) {
            boolean mayAlter = context.facts().atLeast(16)
                    ? createRole && catalog.holdsWithAdminOption(user)
                    : createRole;
            if (!mayAlter) {
                findings.add(Finding.error(FindingCode.CANNOT_ALTER_ROLE,
                        "The migrating role " + context.facts().currentUser() + " may not set the password or LOGIN "
                                + "of the existing role " + user + " (it needs CREATEROLE"
                                + (context.facts().atLeast(16) ? " and ADMIN OPTION on that role" : "") + ").",
                        // ADMIN alone, conveying nothing: a membership with INHERIT or SET would be an excess
                        // right of clickpipes_user (RoleRights), refused as ROLE_NOT_CDC_SHAPED right after.
                        masterUser + (context.facts().atLeast(16) ? "GRANT " + context.settings().user().quoted()
                                + " TO " + context.migrator() + " WITH ADMIN OPTION, INHERIT FALSE, SET FALSE;"
                                : "ALTER ROLE " + context.migrator() + " CREATEROLE;")));
            }
        }
    }

    /**
     * Requires that an existing clickpipes_user may be adopted: only when it is shaped for CDC ({@link RoleShape}), and
     * its password replaced only when asked ({@link SharedPassword}) — judged while the role's migration has not run
     * in this database. A role that is not shaped for CDC is not even logged in as.
     *
     * @param context the pre-check's context
     * @param findings where refusals go
     */
    static void requireAdoptable(CheckContext context, List<Finding> findings) {
        if (!context.catalog().role(context.settings().user()).exists()) {
            return;
        }
        Optional<Finding> shape = RoleShape.judge(context.catalog(), context.settings());
        if (shape.isPresent()) {
            findings.add(shape.get());
        } else if (context.judgePassword() && context.settings().password().isConfigured()) {
            SharedPassword.judge(context.jdbcUrl(), context.settings()).ifPresent(findings::add);
        }
    }

    /**
     * Creates clickpipes_user with LOGIN and the configured password in the same transaction, so that no committed
     * role ever lacks it (with clickpipes_auth=iam: no password, and membership in rds_iam); or adopts an existing
     * role (the pre-check made sure it is shaped for CDC), gives it LOGIN and leaves its password alone unless the
     * configured one does not log in and rotation was asked for (with iam: grants rds_iam if it lacks it).
     */
    public static void apply(StepContext step) {
        RoleInfo role = step.catalog().role(step.settings().user());
        String user = step.settings().user().quoted();
        if (!role.exists()) {
            step.sql().run("create role " + step.settings().user(),
                    List.of(RoleStatements.create(step.settings().user())));
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
        // Deliberately empty; see apply.
    }

    /**
     * Puts back what someone took from clickpipes_user after its migrations ran — LOGIN, a password that expired,
     * the replication privilege — without touching its password. Part of the schema-access repeatable, which re-runs
     * when any of it is missing (V2 and V4 are versioned and never run again).
     */
    static void maintain(StepContext step) {
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
        ReplicationStep.apply(step);
    }

    /** Fails clearly when clickpipes_user is gone, e.g. renamed in the settings after V2 created the old one. */
    static void requireRole(StepContext step) {
        // A plan shows the steps as if the earlier pending ones had run, the role's creation among them.
        if (!step.sql().dryRun() && !step.catalog().role(step.settings().user()).exists()) {
            throw new ClickPipesException("clickpipes_user " + step.settings().user() + " does not exist, but the "
                    + "bundle's role migration has already run in this history table (it created the role configured "
                    + "then). Create the role first (" + RoleStatements.create(step.settings().user()) + ";), or "
                    + "set clickpipes_user back to the role the bundle created.");
        }
    }

    /**
     * @param role clickpipes_user as the catalog has it (read once for this step and the replication privilege)
     * @param settings the settings
     * @return ROLE_CANNOT_LOGIN when clickpipes_user is missing, lacks LOGIN or has an expired password; else empty
     */
    public static List<Finding> verify(RoleInfo role, ClickPipesSettings settings) {
        Identifier user = settings.user();
        if (!role.exists()) {
            return List.of(Finding.error(FindingCode.ROLE_CANNOT_LOGIN, "clickpipes_user " + user + " does not exist.",
                    "Set clickpipes_user to the role the bundle created, or create it (" + RoleStatements.create(user)
                            + ";), run migrate again (it grants what the role needs) and give it its password: "
                            + "the executable's rotate-password, or clickpipes_rotate_password=true in a Flyway "
                            + "host."));
        }
        if (!role.canLogin() || role.passwordExpired()) {
            return List.of(Finding.error(FindingCode.ROLE_CANNOT_LOGIN, "clickpipes_user " + user
                            + " cannot log in (LOGIN missing or password expired).",
                    "Run migrate again, or: ALTER ROLE " + user.quoted() + " LOGIN VALID UNTIL 'infinity';"));
        }
        return List.of();
    }

    /**
     * @param findings what {@link #verify} found
     * @return whether the role can log in, so that the checks of its grants mean something (they fail outright for a
     *     role that does not exist)
     */
    public static boolean usable(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.code() == FindingCode.ROLE_CANNOT_LOGIN);
    }

    /**
     * Drops clickpipes_user — unless another database of the server still needs it: the role is one for the whole
     * server, so only the last database's teardown drops it.
     *
     * @param catalog the catalog
     * @param user clickpipes_user, which exists
     * @param notes where the reason for keeping it goes
     * @return {@code DROP ROLE}, or nothing
     */
    public static List<String> undo(Catalog catalog, Identifier user, List<Finding> notes) {
        List<String> elsewhere = catalog.query("list the other databases where " + user + " holds privileges",
                OtherDatabases.SQL, Catalog::firstColumn, user.value());
        if (elsewhere.isEmpty()) {
            return List.of("DROP ROLE " + user.quoted());
        }
        notes.add(Finding.info(FindingCode.ROLE_KEPT, "Role " + user + " is kept: it still holds privileges or owns "
                + "objects in database(s) " + String.join(", ", elsewhere) + " (pg_shdepend), and the role "
                + "is one for the whole server. Only this database's part is removed: publication, "
                + "privileges and the bundle's history.", "Run teardown in " + String.join(", ", elsewhere)
                + " too; the last database's teardown drops the role."));
        return List.of();
    }
}
