package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.platform.ServerFacts;

/** Who may grant an AWS role such as rds_replication or rds_iam. */
public final class AwsRoleGrant {

    private AwsRoleGrant() {
    }

    /** @return whether the migrating role holds ADMIN OPTION on {@code role}, or CREATEROLE below PostgreSQL 16 */
    public static boolean allowed(Catalog catalog, ServerFacts facts, String role) {
        return catalog.holdsWithAdminOption(role) || (!facts.atLeast(16) && catalog.canCreateRoles());
    }
}
