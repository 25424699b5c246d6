package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.connection.ConnectionUrl;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.RoleShape;
import dev.cdcready.clickpipes.precheck.Severity;
import dev.cdcready.clickpipes.precheck.SharedPassword;
import java.sql.Connection;
import java.util.Optional;

/**
 * Replacing the password of an existing clickpipes_user, which every database of the server shares: only a role
 * shaped for CDC, only when the configured password does not already log in, and only when the operator asked
 * (clickpipes_rotate_password, or the executable's rotate-password command). Client-side SCRAM, as always.
 */
public final class PasswordRotation {

    private PasswordRotation() {
    }

    /**
     * Replaces the password when it does not log in and {@code clickpipes_rotate_password} asks for it; refuses when
     * it does not log in and nobody asked. The role must exist and a password must be configured.
     *
     * @param connection the connection, inside the transaction that will commit the change
     * @param settings the settings
     * @param sql where the statement goes
     * @return whether the password statement was sent (or recorded)
     */
    public static boolean ifAsked(Connection connection, ClickPipesSettings settings, StatementSink sql) {
        Optional<Finding> judged = SharedPassword.judge(ConnectionUrl.of(connection), settings);
        if (judged.isEmpty()) {
            return false;
        }
        if (judged.get().severity() == Severity.ERROR) {
            throw new ClickPipesException(judged.get().render());
        }
        replace(connection, settings, sql);
        return true;
    }

    /**
     * Replaces the password of clickpipes_user with the configured one, after making sure the role is shaped for
     * CDC (never the application's role or an administrator's).
     *
     * @param connection the connection, inside the transaction that will commit the change
     * @param settings the settings; a password must be configured
     * @param sql where the statement goes
     */
    public static void replace(Connection connection, ClickPipesSettings settings, StatementSink sql) {
        Catalog catalog = new Catalog(connection);
        if (!catalog.role(settings.user()).exists()) {
            throw new ClickPipesException("clickpipes_user " + settings.user() + " does not exist, so it has no "
                    + "password to replace. Run migrate: it creates the role with the configured password.");
        }
        RoleShape.judge(catalog, settings).ifPresent(refusal -> {
            throw new ClickPipesException(refusal.render());
        });
        sql.setPassword(settings.user(), settings.password());
    }
}
