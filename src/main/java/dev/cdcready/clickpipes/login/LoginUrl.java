package dev.cdcready.clickpipes.login;

import java.util.regex.Pattern;

/** The operator's JDBC URL made fit for logging in as another role: its own user and password removed. */
public final class LoginUrl {

    /** User and password in the URL would override the properties given to the driver. */
    private static final Pattern CREDENTIALS = Pattern.compile("(?i)([?&])(user|password)=[^&]*&?");

    private LoginUrl() {
    }

    /**
     * @param url a JDBC URL
     * @return the same URL without {@code user} and {@code password} parameters
     */
    public static String withoutCredentials(String url) {
        String stripped = url;
        String previous;
        do {
            previous = stripped;
            stripped = CREDENTIALS.matcher(stripped).replaceFirst("$1");
        } while (!stripped.equals(previous));
        return stripped.replaceAll("[?&]$", "");
    }
}
