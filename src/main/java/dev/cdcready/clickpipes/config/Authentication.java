package dev.cdcready.clickpipes.config;

import java.util.Locale;

/** How ClickPipes logs in as clickpipes_user: the setting {@code clickpipes_auth}. */
public enum Authentication {
    /** A password, set by the bundle (hashed on the client) and given to ClickPipes by the operator. */
    PASSWORD,
    /**
     * An IAM authentication token (Aurora and RDS only): the role has no password and is a member of
     * {@code rds_iam}; ClickPipes assumes an IAM role allowed {@code rds-db:connect} on the user.
     */
    IAM;

    /** @return the value as written in configuration */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param setting the placeholder name, for the error
     * @param value {@code password} or {@code iam}, in any case
     * @return the authentication kind
     */
    public static Authentication parse(String setting, String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (Authentication auth : values()) {
            if (auth.settingValue().equals(wanted)) {
                return auth;
            }
        }
        throw new InvalidSettingException(setting, "the value " + Identifier.printable(value)
                + " is not an authentication kind", "Use password (the default) or iam (Aurora and RDS only).");
    }
}
