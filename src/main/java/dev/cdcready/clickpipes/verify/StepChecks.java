package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.SchemaAccessStep;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Verifier}'s checks, grouped by the repeatable step that repairs what they find: the repeatables' checksums
 * run them to decide whether the step has drift to repair, so migrate and verify agree by construction.
 */
public final class StepChecks {

    private StepChecks() {
    }

    /**
     * The schema-access step, which also keeps clickpipes_user's LOGIN and replication privilege.
     *
     * @param connection a connection as the migrating role
     * @param settings the settings
     * @return what does not hold
     */
    public static List<Finding> schemaAccess(Connection connection, ClickPipesSettings settings) {
        ServerFacts facts = ServerFactsReader.read(connection);
        Catalog catalog = new Catalog(connection);
        List<Finding> findings = new ArrayList<>(Verifier.role(catalog, settings, facts));
        if (Verifier.roleUsable(findings)) {
            findings.addAll(SchemaAccessStep.verify(catalog, settings, facts.currentUser()));
        }
        // Else the step re-runs anyway and sends every grant again once the role logs in.
        return findings;
    }

    /**
     * The publication step.
     *
     * @param connection a connection as the migrating role
     * @param settings the settings
     * @return what does not hold
     */
    public static List<Finding> publication(Connection connection, ClickPipesSettings settings) {
        return Verifier.publication(new Catalog(connection), settings, ServerFactsReader.read(connection));
    }
}
