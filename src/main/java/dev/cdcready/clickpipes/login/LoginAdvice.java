package dev.cdcready.clickpipes.login;

import dev.cdcready.clickpipes.config.Identifier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What lets clickpipes_user in, read from the server's refusal of its login. A database hardened with
 * {@code REVOKE CONNECT ON DATABASE … FROM PUBLIC} refuses it with 42501 like a missing replication privilege does,
 * and neither is a pg_hba.conf rule: each refusal gets the statement that answers it.
 */
public final class LoginAdvice {

    /** PostgreSQL's message for a role without CONNECT, in English (another lc_messages gets the general advice). */
    private static final Pattern NO_CONNECT = Pattern.compile("permission denied for database \"([^\"]+)\"");

    private LoginAdvice() {
    }

    /**
     * @param sqlState the login's SQLState
     * @param message the server's message, may be null
     * @param role the role that tried to log in
     * @return what to do, as a sentence without its final period ("GRANT CONNECT …;", "Let … log in …")
     */
    public static String of(String sqlState, String message, Identifier role) {
        String text = message == null ? "" : message;
        Matcher noConnect = NO_CONNECT.matcher(text);
        if ("42501".equals(sqlState) && noConnect.find()) {
            return "GRANT CONNECT ON DATABASE " + new Identifier(noConnect.group(1)).quoted() + " TO "
                    + role.quoted() + ";";
        }
        if ("42501".equals(sqlState) && text.contains("WAL sender")) {
            return "Run migrate again to give " + role + " the replication privilege";
        }
        return "Let " + role + " log in to this database from this host (a pg_hba.conf rule such as: host <database> "
                + role.quoted() + " <address> scram-sha-256; on Aurora/RDS the instance's security group; if the "
                + "server says the role lacks CONNECT on the database: GRANT CONNECT ON DATABASE <database> TO "
                + role.quoted() + ";)";
    }
}
