package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.EffectiveOwners;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.platform.ServerFacts;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The migrating role must be able to do every remaining step, so that the migration never fails half-way on a
 * permission error. Each refusal names the missing privilege and the GRANT that fixes it.
 */
final class PrivilegeCheck implements Check {

    @Override
    public void run(CheckContext context, List<Finding> findings) {
        if (context.facts().superuser()) {
            return;
        }
        RoleInfo role = context.catalog().role(context.settings().user());
        roleManagement(context, role, findings);
        replication(context, role, findings);
        grants(context, findings);
    }

    private static void roleManagement(CheckContext context, RoleInfo role, List<Finding> findings) {
        Catalog catalog = context.catalog();
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

    private static void replication(CheckContext context, RoleInfo role, List<Finding> findings) {
        Catalog catalog = context.catalog();
        ServerFacts facts = context.facts();
        if (context.platform().isAws()) {
            if (role.rdsReplication()) {
                return;
            }
            if (!catalog.missingRoles(List.of(new Identifier("rds_replication")))
                    .isEmpty()) {
                findings.add(Finding.error(FindingCode.RDS_REPLICATION_MISSING,
                        "clickpipes_platform is " + context.platform().settingValue() + " but the role "
                                + "rds_replication does not exist on this server.",
                        "Set clickpipes_platform=auto (or postgres) unless this really is Aurora or RDS."));
                return;
            }
            if (!mayGrantAwsRole(catalog, facts, "rds_replication")) {
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

    /** An AWS role such as rds_replication or rds_iam: ADMIN OPTION on it, or CREATEROLE below PostgreSQL 16. */
    static boolean mayGrantAwsRole(Catalog catalog, ServerFacts facts, String role) {
        return catalog.holdsWithAdminOption(role) || (!facts.atLeast(16) && catalog.canCreateRoles());
    }

    private static void grants(CheckContext context, List<Finding> findings) {
        ClickPipesSettings settings = context.settings();
        List<String> schemas = context.catalog().schemasWithoutGrantOption(settings.schemas());
        if (!schemas.isEmpty()) {
            findings.add(Finding.error(FindingCode.CANNOT_GRANT_SCHEMA,
                    "The migrating role " + context.facts().currentUser() + " may not grant USAGE on schema(s) "
                            + String.join(", ", schemas) + " (it neither owns them nor holds USAGE WITH GRANT OPTION).",
                    schemas.stream().map(s -> "GRANT USAGE ON SCHEMA \"" + s.replace("\"", "\"\"") + "\" TO "
                            + context.migrator() + " WITH GRANT OPTION;").collect(Collectors.joining(" "))));
        }
        List<String> owners = EffectiveOwners.resolve(context.catalog(), settings, context.facts().currentUser());
        List<String> notHeld = context.catalog().rolesNotHeld(owners);
        if (!notHeld.isEmpty()) {
            findings.add(Finding.error(FindingCode.NOT_MEMBER_OF_OWNER,
                    "The migrating role " + context.facts().currentUser() + " is not a member of " + String.join(", ",
                            notHeld) + ", which own(s) tables in " + settings.schemas() + " or is configured in "
                            + "clickpipes_table_owners. Without membership it can neither grant SELECT on their "
                            + "tables nor run ALTER DEFAULT PRIVILEGES FOR ROLE so that their future tables are "
                            + "readable.",
                    notHeld.stream().map(o -> "GRANT \"" + o.replace("\"", "\"\"") + "\" TO " + context.migrator()
                            + ";").collect(Collectors.joining(" "))
                            + " (or name the owners yourself in clickpipes_table_owners)"));
        }
    }

    @Override
    public String toString() {
        return "privileges";
    }

}
