package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.login.PasswordProbe;
import dev.cdcready.clickpipes.migration.ExecutingSink;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.RoleShape;
import dev.cdcready.clickpipes.step.PasswordRotation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code rotate-password}: gives the existing clickpipes_user the configured password, on purpose. The role is shared
 * by every database on the server, so this is the one way (with {@code clickpipes_rotate_password}) to replace a
 * password that migrate leaves alone. The verifier is computed on the client; the new password is proven by a login.
 */
final class RotatePasswordCommand {

    private RotatePasswordCommand() {
    }

    static Outcome run(Session session) {
        ClickPipesSettings settings = session.settings();
        if (!settings.password().isConfigured()) {
            return Outcome.of(ExitCode.REFUSED, List.of(Finding.error(FindingCode.NO_PASSWORD, "rotate-password needs the new "
                    + "password of " + settings.user() + "; none is configured.", "Set CLICKPIPES_PASSWORD (or "
                    + "clickpipes_password_file) to the new password.")), "Refused; nothing was changed.");
        }
        if (PasswordProbe.attempt(session.url(), settings.user(), settings.password()).verdict()
                == PasswordProbe.Verdict.MATCHES) {
            return Outcome.of(ExitCode.OK, List.of(), "The configured password already logs in as "
                    + settings.user() + "; nothing was sent.");
        }
        Connection connection = session.connect();
        try {
            connection.setAutoCommit(false);
            Catalog catalog = new Catalog(connection);
            Optional<Finding> refusal = catalog.role(settings.user()).exists()
                    ? RoleShape.judge(catalog, settings) : Optional.of(Finding.error(FindingCode.ROLE_MISSING,
                            "clickpipes_user " + settings.user() + " does not exist.", "Run migrate: it creates the "
                                    + "role with the configured password."));
            if (refusal.isPresent()) {
                connection.rollback();
                return Outcome.of(ExitCode.REFUSED, List.of(refusal.get()), "Refused; nothing was changed.");
            }
            PasswordRotation.replace(connection, settings, new ExecutingSink(connection));
            connection.commit();
        } catch (SQLException e) {
            throw new ClickPipesException("rotate-password could not commit: " + e.getMessage(), e);
        } finally {
            Session.close(connection);
        }
        PasswordProbe.Result proof = PasswordProbe.attempt(session.url(), settings.user(), settings.password());
        if (proof.verdict() != PasswordProbe.Verdict.MATCHES) {
            return Outcome.of(ExitCode.FAILED, List.of(Finding.error(FindingCode.NEW_PASSWORD_NOT_PROVEN, "The password of "
                    + settings.user() + " was replaced, but logging in with it failed ("
                    + (proof.detail().isEmpty() ? "28P01" : proof.detail()) + ").", (proof.letIn().isEmpty()
                    ? "Set the password again (rotate-password)" : proof.letIn()) + ", then run verify.")), "");
        }
        return Outcome.of(ExitCode.OK, List.of(), "Replaced the password of " + settings.user() + " (SCRAM-SHA-256 "
                + "verifier computed here) and logged in with the new one. The role is shared by every database on "
                + "this server: give every ClickPipe that uses it the new password.");
    }
}
