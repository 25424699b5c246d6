package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.precheck.Finding;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps' verifications, grouped by the repeatable migration that repairs what they find: the repeatables'
 * checksums run them to decide whether the migration has drift to repair, so migrate and verify agree by
 * construction.
 */
public final class StepChecks {

    private StepChecks() {
    }

    /**
     * The schema-access repeatable, which also keeps clickpipes_user's LOGIN and replication privilege.
     *
     * @param connection a connection as the migrating role
     * @param settings the settings
     * @param facts the server's facts, read on that connection in this run
     * @param since a checkpoint of read access that still counts: only the tables changed since it are read
     * @return what does not hold
     */
    public static List<Finding> schemaAccess(Connection connection, ClickPipesSettings settings, ServerFacts facts,
                                             Optional<TableCheckpoint> since) {
        Catalog catalog = new Catalog(connection);
        RoleChecked role = role(catalog, settings, facts);
        if (!role.usable()) {
            // The grants of a role that cannot log in are not checked: the repeatable re-runs anyway and sends them
            // once the role logs in.
            return role.findings();
        }
        List<Finding> findings = new ArrayList<>(role.findings());
        findings.addAll(since.isPresent()
                ? SchemaAccessStep.verifySince(catalog, settings, facts.currentUser(), since.get())
                : SchemaAccessStep.verify(catalog, settings, facts.currentUser()));
        return findings;
    }

    /**
     * What every view of the steps checks first, in this order: the role step, then, for a role that can log in, the
     * replication step.
     *
     * @param catalog the catalog, as the migrating role
     * @param settings the settings
     * @param facts the server's facts, read in this run
     * @return their findings, and whether the role can log in: anything granted to it is worth checking only then
     */
    public static RoleChecked role(Catalog catalog, ClickPipesSettings settings, ServerFacts facts) {
        RoleInfo role = catalog.role(settings.user());
        List<Finding> findings = new ArrayList<>(RoleStep.verify(role, settings));
        if (!RoleStep.usable(findings)) {
            return new RoleChecked(findings, false);
        }
        findings.addAll(ReplicationStep.verify(role, settings, facts));
        return new RoleChecked(findings, true);
    }

    /**
     * @param findings the role step's and, for a usable role, the replication step's findings
     * @param usable whether the role exists and can log in
     */
    public record RoleChecked(List<Finding> findings, boolean usable) {
        public RoleChecked {
            findings = List.copyOf(findings);
        }
    }

    /**
     * The publication repeatable.
     *
     * @param connection a connection as the migrating role
     * @param settings the settings
     * @param facts the server's facts, read on that connection in this run
     * @return what does not hold
     */
    public static List<Finding> publication(Connection connection, ClickPipesSettings settings, ServerFacts facts) {
        return PublicationStep.verify(new Catalog(connection), settings, facts);
    }
}
