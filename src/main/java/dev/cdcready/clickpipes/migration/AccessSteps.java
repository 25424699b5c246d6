package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.access.DefaultPrivileges;
import dev.cdcready.clickpipes.catalog.EffectiveOwners;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.ReservedSchemas;
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
                statements.add(DefaultPrivileges.grantSelect(new Identifier(owner), schema, step.settings().user()));
            }
        }
        statements.addAll(historyTable(step, user));
        step.sql().run("grant read access to " + step.settings().user(), statements);
    }

    /**
     * A FOR ALL TABLES publication holds the bundle's own history table too, and a CDC client without a table list
     * (Debezium) snapshots every published table: it would fail on one it cannot read. The table holds no secret
     * (SecretsIT), so clickpipes_user may read it rather than the publication holding a table it cannot.
     */
    private static List<String> historyTable(StepContext step, String user) {
        // A plan is made for the executable, whose Flyway creates this table before the step runs; a Flyway command
        // line may keep its history elsewhere, and then there is nothing here to grant.
        boolean planned = step.sql() instanceof RecordingSink;
        if (!planned && !step.catalog().tableExists(ReservedSchemas.BUNDLE_HISTORY_SCHEMA,
                ReservedSchemas.BUNDLE_HISTORY_TABLE)) {
            return List.of();
        }
        Identifier schema = new Identifier(ReservedSchemas.BUNDLE_HISTORY_SCHEMA);
        return List.of("GRANT USAGE ON SCHEMA " + schema.quoted() + " TO " + user,
                "GRANT SELECT ON TABLE " + schema.quoted() + "."
                        + new Identifier(ReservedSchemas.BUNDLE_HISTORY_TABLE).quoted() + " TO " + user);
    }
}
