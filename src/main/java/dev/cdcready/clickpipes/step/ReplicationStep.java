package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.precheck.AwsRoleGrant;
import dev.cdcready.clickpipes.precheck.CheckContext;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import java.util.List;

/**
 * The guide's replication privilege: {@code GRANT rds_replication} on Aurora/RDS, the REPLICATION attribute on plain
 * PostgreSQL. It goes with the role: teardown's DROP ROLE undoes it, and a role kept for another database keeps it.
 */
public final class ReplicationStep {

    private ReplicationStep() {
    }

    /** Requires that the migrating role may give the privilege, where clickpipes_user lacks it. */
    static void require(CheckContext context, List<Finding> findings) {
        if (context.facts().superuser()) {
            return;
        }
        Catalog catalog = context.catalog();
        ServerFacts facts = context.facts();
        RoleInfo role = catalog.role(context.settings().user());
        if (context.platform().isAws()) {
            if (role.rdsReplication()) {
                return;
            }
            if (!catalog.missingRoles(List.of(new Identifier("rds_replication"))).isEmpty()) {
                findings.add(Finding.error(FindingCode.RDS_REPLICATION_MISSING,
                        "clickpipes_platform is " + context.platform().settingValue() + " but the role "
                                + "rds_replication does not exist on this server.",
                        "Set clickpipes_platform=auto (or postgres) unless this really is Aurora or RDS."));
                return;
            }
            if (!AwsRoleGrant.allowed(catalog, facts, "rds_replication")) {
                findings.add(Finding.error(FindingCode.CANNOT_GRANT_REPLICATION,
                        "The migrating role " + facts.currentUser() + " may not grant rds_replication"
                                + (facts.atLeast(16) ? " (PostgreSQL 16+ requires ADMIN OPTION on it)" : "") + ".",
                        "Run as the cluster's master user (rds_superuser holds rds_replication WITH ADMIN OPTION)."));
            }
        } else if (!role.replication()) {
            // 16+: CREATEROLE, REPLICATION itself, and ADMIN OPTION on the role (its creator gets that; a role that
            // exists already may have been created by someone else).
            boolean mayGrant = facts.atLeast(16) && catalog.canCreateRoles() && catalog.role(
                    new Identifier(facts.currentUser())).replication()
                    && (!role.exists() || catalog.holdsWithAdminOption(context.settings().user().value()));
            if (!mayGrant) {
                findings.add(Finding.error(FindingCode.CANNOT_GRANT_REPLICATION,
                        "The migrating role " + facts.currentUser() + " may not give clickpipes_user the REPLICATION "
                                + "attribute (it needs to be a superuser"
                                + (facts.atLeast(16) ? ", or to have CREATEROLE and REPLICATION itself"
                                        + (role.exists() ? " and ADMIN OPTION on that role" : "") : "") + ").",
                        "Run migrate as a superuser" + replicationStatement(context, role)));
            }
        }
    }

    /**
     * The statement a superuser runs first so that a non-superuser migrate can go on: the attribute on the existing
     * role; for a role still to be created, on PostgreSQL 16+ REPLICATION for the migrating role, which may then give
     * it to the role it creates. Below 16 only a superuser may create or change a replication role: none.
     */
    private static String replicationStatement(CheckContext context, RoleInfo role) {
        if (role.exists()) {
            return ", or first run as a superuser: ALTER ROLE " + context.settings().user().quoted() + " REPLICATION;";
        }
        return context.facts().atLeast(16) ? ", or first run as a superuser: ALTER ROLE " + context.migrator()
                + " REPLICATION; (with CREATEROLE it may then give the attribute to the role it creates)" : ".";
    }

    /** Gives clickpipes_user the privilege when it lacks it. */
    public static void apply(StepContext step) {
        List<String> statements = missing(step.catalog().role(step.settings().user()), step.platform(),
                step.settings().user());
        step.sql().run(step.platform().isAws() ? "grant rds_replication to " + step.settings().user()
                : "give " + step.settings().user() + " the REPLICATION attribute", statements);
    }

    /**
     * @param role clickpipes_user as the catalog has it
     * @param settings the settings
     * @param facts the server
     * @return NO_REPLICATION_PRIVILEGE, with the statement apply would send; empty when it holds
     */
    public static List<Finding> verify(RoleInfo role, ClickPipesSettings settings, ServerFacts facts) {
        Platform platform = settings.platform().orElse(facts.detectedPlatform());
        Identifier user = settings.user();
        List<String> missing = missing(role, platform, user);
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(Finding.error(FindingCode.NO_REPLICATION_PRIVILEGE, "clickpipes_user " + user + " has no "
                + (platform.isAws() ? "rds_replication membership." : "REPLICATION attribute."),
                "Run migrate again, or: " + missing.get(0) + ";"));
    }

    /** The one rule: what clickpipes_user lacks of the privilege on this platform. */
    private static List<String> missing(RoleInfo role, Platform platform, Identifier user) {
        if (platform.isAws()) {
            return role.rdsReplication() ? List.of() : List.of("GRANT rds_replication TO " + user.quoted());
        }
        return role.replication() ? List.of() : List.of("ALTER ROLE " + user.quoted() + " REPLICATION");
    }
}
