package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.config.PublicationScope;
import dev.cdcready.clickpipes.config.Secret;
import java.util.List;

/** Configured objects must exist, and clickpipes_user must be a role the bundle may create or adopt. */
public final class ConfigurationCheck implements Check {

    @Override
    public void run(CheckContext context, List<Finding> findings) {
        ClickPipesSettings settings = context.settings();
        List<String> missingSchemas = context.catalog().missingSchemas(settings.schemas());
        if (!missingSchemas.isEmpty()) {
            findings.add(MissingSchemas.finding(missingSchemas, context.facts().database()));
        }
        if (settings.scope() == PublicationScope.TABLES) {
            List<String> missingTables = context.catalog().missingTables(settings.tables());
            if (!missingTables.isEmpty()) {
                findings.add(Finding.error(FindingCode.TABLE_MISSING,
                        "clickpipes_tables names table(s) that do not exist: " + String.join(", ", missingTables)
                                + ".", "Correct clickpipes_tables (schema.table, exact case), or create the table."));
            }
        }
        if (!settings.tableOwners().auto()) {
            List<String> missingOwners = context.catalog().missingRoles(settings.tableOwners().roles());
            if (!missingOwners.isEmpty()) {
                findings.add(Finding.error(FindingCode.OWNER_MISSING,
                        "clickpipes_table_owners names role(s) that do not exist: " + String.join(", ", missingOwners)
                                + ".", "Correct clickpipes_table_owners, or set it to auto."));
            }
        }
        role(context, findings);
    }

    private static void role(CheckContext context, List<Finding> findings) {
        ClickPipesSettings settings = context.settings();
        // Whether an existing role may become clickpipes_user at all (superuser, the migrating role, ...) is
        // ExistingRoleCheck's: one judgement of the role's rights.
        String user = settings.user().value();
        if (settings.auth() == Authentication.IAM) {
            return; // no password at all: the settings refuse one, IamCheck judges the rest
        }
        if (settings.password().isConfigured()) {
            try (Secret secret = settings.password().read()) {
                // Read only to prove it is usable; it is sent later, hashed, by the password migration.
                secret.isBlank();
            } catch (InvalidSettingException e) {
                findings.add(Finding.error(FindingCode.PASSWORD_UNUSABLE, e.getMessage(),
                        "Give a non-blank password through CLICKPIPES_PASSWORD or clickpipes_password_file."));
            }
        } else if (!context.catalog().role(settings.user()).exists()) {
            findings.add(Finding.error(FindingCode.PASSWORD_MISSING,
                    "clickpipes_user " + user + " does not exist yet and no password is configured; ClickPipes "
                            + "logs in with a password.",
                    "Set the environment variable CLICKPIPES_PASSWORD, or name a file whose first line is the "
                            + "password in clickpipes_password_file."));
        }
    }

    @Override
    public String toString() {
        return "configuration";
    }
}
