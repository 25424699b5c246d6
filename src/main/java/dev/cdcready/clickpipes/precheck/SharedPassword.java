package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.login.PasswordProbe;
import java.util.Optional;

/**
 * clickpipes_user is one role for the whole server, shared by every database on it: a ClickPipe set up on another
 * database may log in with its current password. So the password of an existing role is replaced only when the
 * operator asks for it; a password that already logs in is left alone (nothing is sent).
 */
public final class SharedPassword {

    private static final String ROTATE = "to replace it for every database on this server, run the executable's "
            + "rotate-password command, or set " + Placeholders.ROTATE_PASSWORD + "=true for one migrate, then give "
            + "every ClickPipe that uses the role the new password";

    private SharedPassword() {
    }

    /**
     * Logs in as the existing clickpipes_user with the configured password.
     *
     * @param url the JDBC URL of this database
     * @param settings the settings; a password must be configured
     * @return empty when it logs in; a warning when it does not and rotation was asked for (the password will be
     *     replaced); otherwise an error: {@code PASSWORD_MISMATCH}, or {@code PASSWORD_NOT_PROVEN} when the login
     *     failed for another reason than the password
     */
    public static Optional<Finding> judge(String url, ClickPipesSettings settings) {
        PasswordProbe.Result login = PasswordProbe.attempt(url, settings.user(), settings.password());
        String user = settings.user().value();
        if (login.verdict() == PasswordProbe.Verdict.MATCHES) {
            return Optional.empty();
        }
        if (settings.rotatePassword()) {
            return Optional.of(Finding.warning(FindingCode.PASSWORD_ROTATION, "The configured password does not log in as "
                    + user + (login.verdict() == PasswordProbe.Verdict.MISMATCH ? "" : " (" + login.detail() + ")")
                    + "; " + Placeholders.ROTATE_PASSWORD + " asks to replace it. The role is shared by every "
                    + "database on this server: every ClickPipe that uses it needs the new password.",
                    "Give every ClickPipe that logs in as " + user + " the new password."));
        }
        if (login.verdict() == PasswordProbe.Verdict.MISMATCH) {
            return Optional.of(Finding.error(FindingCode.PASSWORD_MISMATCH, "The role " + user + " already exists and the "
                    + "configured password does not log in as it (28P01). clickpipes_user is one role for the whole "
                    + "server, shared by every database on it: a ClickPipe on another database may be using the "
                    + "current password, so the bundle does not replace it silently; nothing was written.",
                    "Give the current password of " + user + " (CLICKPIPES_PASSWORD or clickpipes_password_file); "
                            + "or, " + ROTATE + "."));
        }
        return Optional.of(Finding.error(FindingCode.PASSWORD_NOT_PROVEN, "The bundle could not log in as " + user + " to "
                + "check the configured password (" + login.detail() + "). That is not a wrong password, so whether "
                + "it matches is unknown, and the bundle never replaces the password of an existing role it could "
                + "not check; nothing was written.",
                login.letIn() + " and run again; or leave the password unset so the role keeps its own; "
                        + "or, " + ROTATE + "."));
    }
}
