package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.catalog.EffectiveOwners;
import dev.cdcready.clickpipes.config.Identifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Read access for clickpipes_user: schemas, their tables now, and the tables each owner creates later. The grants are
 * re-sent whole when the step runs: GRANT of what is held changes nothing, and one batch is cheaper than a diff.
 */
public final class AccessSteps {

    private AccessSteps() {
    }

    /**
     * Per schema: GRANT USAGE, GRANT SELECT ON ALL TABLES, and ALTER DEFAULT PRIVILEGES FOR ROLE each owner — plain
     * ALTER DEFAULT PRIVILEGES would only cover tables the migrating role itself creates later.
     */
    public static void grantSchemaAccess(StepContext step) {
        RoleSteps.maintainRole(step);
        String user = step.settings().user().quoted();
        List<String> owners = EffectiveOwners.resolve(step.catalog(), step.settings(), step.facts().currentUser());
        List<String> statements = new ArrayList<>();
        for (Identifier schema : step.settings().schemas()) {
            statements.add("GRANT USAGE ON SCHEMA " + schema.quoted() + " TO " + user);
            statements.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema.quoted() + " TO " + user);
            for (String owner : owners) {
                statements.add("ALTER DEFAULT PRIVILEGES FOR ROLE " + new Identifier(owner).quoted() + " IN SCHEMA "
                        + schema.quoted() + " GRANT SELECT ON TABLES TO " + user);
            }
        }
        step.sql().run("grant read access to " + step.settings().user(), statements);
    }
}
