package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.access.DefaultPrivileges;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.EffectiveOwners;
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
        grants(catalog, settings, facts.currentUser(), findings);
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
     * The schema-access step: USAGE, SELECT on every table (one pass over the schemas' tables), default privileges.
     *
     * @param currentUser the migrating role, whose own future tables count as an owner's
     * @return NO_SCHEMA_USAGE, TABLES_NOT_READABLE, NO_DEFAULT_PRIVILEGES; empty when access holds
     */
    public static List<Finding> schemaAccess(Catalog catalog, ClickPipesSettings settings, String currentUser) {
        List<Finding> findings = new ArrayList<>();
        grants(catalog, settings, currentUser, findings);
        return findings;
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

    private static void grants(Catalog catalog, ClickPipesSettings settings, String currentUser,
                               List<Finding> findings) {
        Identifier user = settings.user();
        List<String> noUsage = catalog.query("check schema USAGE", """
                SELECT s FROM pg_catalog.unnest(?::pg_catalog.text[]) AS s
                 WHERE NOT pg_catalog.has_schema_privilege(?::pg_catalog.text, s, 'USAGE') ORDER BY 1
                """, Catalog::firstColumn, array(catalog, settings.schemas()), user.value());
        if (!noUsage.isEmpty()) {
            findings.add(Finding.error(FindingCode.NO_SCHEMA_USAGE, user + " has no USAGE on schema(s) "
                    + String.join(", ", noUsage) + ".", "Run migrate again, or: GRANT USAGE ON SCHEMA "
                    + noUsage.stream().map(schema -> new Identifier(schema).quoted()).collect(Collectors.joining(", "))
                    + " TO " + user.quoted() + ";"));
        }
        Catalog.Sample unreadable = catalog.query("check SELECT on every table", """
                WITH t AS (SELECT pg_catalog.format('%%I.%%I', n.nspname, c.relname) AS name FROM pg_catalog.pg_class c
                             JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                            WHERE n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])
                              AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m,f}')
                              AND NOT pg_catalog.has_table_privilege(?::pg_catalog.text, c.oid, 'SELECT'))
                SELECT (SELECT pg_catalog.count(*) FROM t), ARRAY(SELECT name FROM t ORDER BY name LIMIT %d)
                """.formatted(SAMPLE), Catalog.Sample::read, array(catalog, settings.schemas()), user.value());
        if (!unreadable.isEmpty()) {
            findings.add(Finding.error(FindingCode.TABLES_NOT_READABLE, user + " cannot SELECT from " + unreadable.total()
                    + " table(s): " + unreadable.describe() + ".", "Run migrate again (it re-grants), or: GRANT "
                    + "SELECT ON " + (unreadable.total() == unreadable.first().size()
                            ? String.join(", ", unreadable.first()) : "ALL TABLES IN SCHEMA <schema>") + " TO "
                    + user.quoted() + ";"));
        }
        List<String> owners = EffectiveOwners.resolve(catalog, settings, currentUser);
        List<String> missingDefaults = catalog.query("check default privileges", """
                SELECT o, s
                  FROM pg_catalog.unnest(?::pg_catalog.text[]) AS o CROSS JOIN pg_catalog.unnest(?::pg_catalog.text[]) AS s
                 WHERE NOT EXISTS (
                       SELECT 1 FROM pg_catalog.pg_default_acl d
                              JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) d.defaclnamespace
                              CROSS JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) a
                        WHERE d.defaclrole OPERATOR(pg_catalog.=)
                                  (SELECT oid FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) o)
                          AND n.nspname OPERATOR(pg_catalog.=) s
                          AND d.defaclobjtype OPERATOR(pg_catalog.=) 'r'
                          AND a.privilege_type OPERATOR(pg_catalog.=) 'SELECT'
                          AND a.grantee OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_roles
                                                                  WHERE rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text))
                 ORDER BY 1, 2
                """, rs -> {
                    List<String> fixes = new ArrayList<>();
                    while (rs.next()) {
                        fixes.add(DefaultPrivileges.grantSelect(new Identifier(rs.getString(1)),
                                new Identifier(rs.getString(2)), user) + ";");
                    }
                    return fixes;
                }, text(catalog, owners), array(catalog, settings.schemas()), user.value());
        if (!missingDefaults.isEmpty()) {
            findings.add(Finding.error(FindingCode.NO_DEFAULT_PRIVILEGES, "Tables that some owners create later would not "
                    + "be readable by " + user + ": " + missingDefaults.size() + " owner and schema pair(s) have no "
                    + "default privileges for it.", "Run migrate again, or: " + String.join(" ", missingDefaults)));
        }
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
                    PublicationPlan.scopeConflictFix(publication, settings.publication())));
        } else {
            PublicationPlan missing = PublicationPlan.of(catalog, settings, facts, publication);
            if (!missing.isEmpty()) {
                findings.add(Finding.error(FindingCode.PUBLICATION_INCOMPLETE, "Publication " + name + " lacks what the "
                        + "settings ask for: " + missing.describe() + ".", "Run migrate again."));
            }
        }
    }

    private static java.sql.Array array(Catalog catalog, List<Identifier> names) {
        return text(catalog, names.stream().map(Identifier::value).toList());
    }

    private static java.sql.Array text(Catalog catalog, List<String> values) {
        return catalog.textArray(values);
    }
}
