package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.PublicationStep;
import dev.cdcready.clickpipes.step.SchemaAccessStep;
import dev.cdcready.clickpipes.step.StepChecks;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the finished setup against the catalog, step by step: login, the replication privilege, schema usage,
 * SELECT on every table, default privileges per owner, and the publication. Each step verifies itself; this is the
 * view that runs them all. Read-only; a constant number of queries whatever the number of tables.
 */
public final class Verifier {

    private Verifier() {
    }

    /**
     * @param connection a connection as the migrating role
     * @param settings the settings
     * @return the errors found; empty when the setup holds
     */
    public static List<Finding> verify(Connection connection, ClickPipesSettings settings) {
        return verify(connection, settings, ServerFactsReader.read(connection));
    }

    /**
     * @param connection a connection as the migrating role
     * @param settings the settings
     * @param facts the server, already read by the caller
     * @return the errors found; empty when the setup holds
     */
    public static List<Finding> verify(Connection connection, ClickPipesSettings settings, ServerFacts facts) {
        return run(connection, settings, facts, false).findings();
    }

    /**
     * What a verification found, and what it establishes for later drift checks.
     *
     * @param findings the errors found; empty when the setup holds
     * @param checkpoint present when it passed: every configured table was read and found readable
     */
    public record Verification(List<Finding> findings, Optional<TableCheckpoint> checkpoint) {
        public Verification {
            findings = List.copyOf(findings);
        }
    }

    /**
     * @param connection a connection as the migrating role
     * @param settings the settings
     * @return {@link #verify}'s findings, and the checkpoint of read access when they are none
     */
    public static Verification run(Connection connection, ClickPipesSettings settings) {
        return run(connection, settings, ServerFactsReader.read(connection), true);
    }

    /** @param establish whether to read what a checkpoint records, too (only migrate writes one) */
    private static Verification run(Connection connection, ClickPipesSettings settings, ServerFacts facts,
                                    boolean establish) {
        Catalog catalog = new Catalog(connection);
        StepChecks.RoleChecked role = StepChecks.role(catalog, settings, facts);
        if (!role.usable()) {
            // The grants of a role that does not exist or cannot log in mean nothing yet.
            return new Verification(role.findings(), Optional.empty());
        }
        List<Finding> findings = new ArrayList<>(role.findings());
        if (settings.auth() == Authentication.IAM) {
            // Not part of the role step's drift: the parameter group setting is not something migrate can repair.
            findings.addAll(IamVerification.catalog(catalog, settings,
                    settings.platform().orElse(facts.detectedPlatform())));
        }
        SchemaAccessStep.Checked access = establish
                ? SchemaAccessStep.establish(catalog, settings, facts.currentUser())
                : new SchemaAccessStep.Checked(SchemaAccessStep.verify(catalog, settings, facts.currentUser()),
                        Optional.empty());
        findings.addAll(access.findings());
        findings.addAll(PublicationStep.verify(catalog, settings, facts));
        return new Verification(findings, findings.isEmpty() ? access.established() : Optional.empty());
    }
}
