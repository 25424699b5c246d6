package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The roles whose future tables get default privileges: configured, or found in the catalog for {@code auto}. */
public final class EffectiveOwners {

    private EffectiveOwners() {
    }

    /**
     * @param catalog the catalog
     * @param settings the settings
     * @param migratingRole the role running the migration
     * @return the owners, sorted; for {@code auto} the migrating role plus every owner of a table in the schemas
     */
    public static List<String> resolve(Catalog catalog, ClickPipesSettings settings, String migratingRole) {
        return resolve(settings, migratingRole, settings.tableOwners().auto()
                ? catalog.tableOwners(settings.schemas()) : List.of());
    }

    /**
     * @param settings the settings
     * @param migratingRole the role running the migration
     * @param tableOwners the owners of the tables in the configured schemas, as read by the caller (used for
     *     {@code auto} only)
     * @return the owners, sorted; for {@code auto} the migrating role plus every owner of a table in the schemas
     */
    public static List<String> resolve(ClickPipesSettings settings, String migratingRole,
                                       Collection<String> tableOwners) {
        TreeSet<String> owners = new TreeSet<>();
        if (settings.tableOwners().auto()) {
            owners.add(migratingRole);
            owners.addAll(tableOwners);
        } else {
            settings.tableOwners().roles().stream().map(Identifier::value).forEach(owners::add);
        }
        // clickpipes_user owning tables would be odd, but granting it default privileges on itself is meaningless.
        owners.remove(settings.user().value());
        return List.copyOf(owners);
    }
}
