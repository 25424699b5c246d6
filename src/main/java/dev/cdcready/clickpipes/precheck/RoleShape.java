package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.DocumentedRights;
import dev.cdcready.clickpipes.catalog.RoleRights.Right;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import java.util.List;
import java.util.Optional;

/**
 * An existing role becomes clickpipes_user only when it is shaped for CDC: whatever it holds beyond the documented
 * set, ClickPipes would hold too, and the bundle would give it LOGIN and a password — a member of rds_superuser, the
 * application's table owner or a group role must never become a replication login.
 */
public final class RoleShape {

    private RoleShape() {
    }

    /**
     * @param catalog the catalog of this database
     * @param settings the settings
     * @return {@code ROLE_NOT_CDC_SHAPED} naming every excess right and the statement that removes it; empty when
     *     the role does not exist or holds nothing beyond the documented set
     */
    public static Optional<Finding> judge(Catalog catalog, ClickPipesSettings settings) {
        List<Right> excess = DocumentedRights.excess(catalog, settings);
        if (excess.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Finding.error(FindingCode.ROLE_NOT_CDC_SHAPED, "The existing role " + settings.user() + " would "
                        + "become clickpipes_user, but it holds rights ClickPipes must not have: "
                        + DocumentedRights.describe(excess) + ". Only a role with LOGIN, the replication privilege, "
                        + "BYPASSRLS and read access to " + settings.schemasInBrief()
                        + " is adopted; nothing was written.",
                "Set clickpipes_user to a role that does not exist yet (the bundle creates it with only what "
                        + "ClickPipes needs), or remove the excess rights: " + DocumentedRights.fixes(excess)));
    }
}
