package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.PublicationInfo;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.publication.PublicationPlan;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.step.SchemaAccessStep;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks the finished setup against the catalog: login, schema usage, SELECT on every table, default privileges per
 * owner, the replication privilege and the publication. Read-only; a constant number of queries whatever the number
 * of tables.
 */
public final class Verifier {

    private static final int SAMPLE = 10;

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
        Catalog catalog = new Catalog(connection);
        List<Finding> findings = new ArrayList<>(role(catalog, settings, facts));
        if (!roleUsable(findings)) {
            return findings;
        }
        if (settings.auth() == Authentication.IAM) {
            // Not part of the role step's drift: the parameter group setting is not something migrate can repair.
            findings.addAll(IamVerification.catalog(catalog, settings,
                    settings.platform().orElse(facts.detectedPlatform())));
        }
        findings.addAll(SchemaAccessStep.verify(catalog, settings, facts.currentUser()));
        publication(catalog, settings, facts, findings);
        return findings;
    }

    /**
     * The role step: clickpipes_user can log in and holds the replication privilege.
     *
     * @return ROLE_CANNOT_LOGIN or NO_REPLICATION_PRIVILEGE; empty when the role holds
     */
    public static List<Finding> role(Catalog catalog, ClickPipesSettings settings, ServerFacts facts) {
        Platform platform = settings.platform().orElse(facts.detectedPlatform());
        Identifier user = settings.user();
        RoleInfo role = catalog.role(user);
        if (!role.exists()) {
            return List.of(Finding.error(FindingCode.ROLE_CANNOT_LOGIN, "clickpipes_user " + user + " does not exist.",
                    "Set clickpipes_user to the role the bundle created, or create it (CREATE ROLE " + user.quoted()
                            + " LOGIN;), run migrate again (it grants what the role needs) and give it its password: "
                            + "the executable's rotate-password, or clickpipes_rotate_password=true in a Flyway "
                            + "host."));
        }
        List<Finding> findings = new ArrayList<>();
        if (!role.canLogin() || role.passwordExpired()) {
            findings.add(Finding.error(FindingCode.ROLE_CANNOT_LOGIN, "clickpipes_user " + user
                            + " cannot log in (LOGIN missing or password expired).",
                    "Run migrate again, or: ALTER ROLE " + user.quoted() + " LOGIN VALID UNTIL 'infinity';"));
            return findings;
        }
        boolean replication = platform.isAws() ? role.rdsReplication() : role.replication();
        if (!replication) {
            findings.add(Finding.error(FindingCode.NO_REPLICATION_PRIVILEGE, "clickpipes_user " + user + " has no "
                    + (platform.isAws() ? "rds_replication membership." : "REPLICATION attribute."),
                    "Run migrate again, or: " + (platform.isAws() ? "GRANT rds_replication TO " + user.quoted() + ";"
                            : "ALTER ROLE " + user.quoted() + " REPLICATION;")));
        }
        return findings;
    }

    /**
     * @param roleFindings what {@link #role} found
     * @return whether the role can log in, so that the checks of its grants mean something (they fail outright for a
     *     role that does not exist)
     */
    public static boolean roleUsable(List<Finding> roleFindings) {
        return roleFindings.stream().noneMatch(f -> f.code() == FindingCode.ROLE_CANNOT_LOGIN);
    }

    /**
     * The publication step.
     *
     * @return NO_PUBLICATION, PUBLICATION_SCOPE_CONFLICT or PUBLICATION_INCOMPLETE; empty when it holds
     */
    public static List<Finding> publication(Catalog catalog, ClickPipesSettings settings, ServerFacts facts) {
        List<Finding> findings = new ArrayList<>();
        publication(catalog, settings, facts, findings);
        return findings;
    }

    private static void publication(Catalog catalog, ClickPipesSettings settings, ServerFacts facts,
                                    List<Finding> findings) {
        PublicationInfo publication = catalog.publication(settings.publication(), facts.atLeast(15));
        String name = settings.publication().value();
        if (!publication.exists()) {
            findings.add(Finding.error(FindingCode.NO_PUBLICATION, "Publication " + name + " does not exist.",
                    "Run migrate again."));
        } else if (!PublicationPlan.scopeMatches(publication, settings.scope(), facts)) {
            findings.add(Finding.error(FindingCode.PUBLICATION_SCOPE_CONFLICT, "Publication " + name + " is "
                    + publication.describeScope() + ", not " + settings.scope().settingValue() + ".",
                    "Set clickpipes_publication_scope to match it, or drop it and run migrate again."));
        } else {
            PublicationPlan missing = PublicationPlan.of(catalog, settings, facts, publication);
            if (!missing.isEmpty()) {
                findings.add(Finding.error(FindingCode.PUBLICATION_INCOMPLETE, "Publication " + name + " lacks what the "
                        + "settings ask for: " + missing.describe() + ".", "Run migrate again."));
            }
        }
    }
}
