package dev.cdcready.clickpipes.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC URL as the operator gave it, split into what may be shown and what may not.
 *
 * <p>{@link #redact(String)} is the one rule for showing a URL: every message that could hold one — the bundle's own
 * text, {@code --json}, a driver's or Flyway's error — goes through it. {@link #of(String)} goes further for the
 * executable: it takes the passwords out of the URL and hands them to the driver as connection properties, so the URL
 * that the driver, Flyway and their log lines see holds no secret at all.
 */
public final class JdbcUrl {

    /** What {@link #redact(String)} puts in place of a secret. */
    public static final String MASK = "***";

    /** A JDBC URL inside any text: up to white space, a quote or an angle bracket. */
    private static final Pattern URL_IN_TEXT = Pattern.compile("jdbc:[^\\s\"'<>]+");
    /** {@code //user:secret@host}: the user stays, the secret goes. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?@:]*):[^/?@]*@");
    /** password, sslpassword, sslkey, sslkeypassword, any *password*, *secret* or *token* parameter. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;][a-z0-9_.-]*(?:password|secret|token)[a-z0-9_.-]*=|[?&;]sslkey[a-z0-9_.-]*=)[^&;]*");
    /** The parameters the executable moves from the URL into connection properties. */
    private static final Set<String> MOVED = Set.of("password", "sslpassword");

    private final String driverUrl;
    private final Properties secrets;

    private JdbcUrl(String driverUrl, Properties secrets) {
        this.driverUrl = driverUrl;
        this.secrets = secrets;
    }

    /**
     * @param text any text, may be null
     * @return the text with every JDBC URL in it redacted: the password of {@code user:password@}, and the values
     *     of {@code password}, {@code sslpassword}, {@code sslkey…} and any other password, secret or token
     *     parameter, case-insensitively, replaced by {@value #MASK}
     */
    public static String redact(String text) {
        if (text == null || !text.contains("jdbc:")) {
            return text;
        }
        Matcher url = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (url.find()) {
            String redacted = USER_INFO.matcher(url.group()).replaceAll("$1:" + MASK + "@");
            redacted = SECRET_PARAMETER.matcher(redacted).replaceAll("$1" + MASK);
            url.appendReplacement(out, Matcher.quoteReplacement(redacted));
        }
        return url.appendTail(out).toString();
    }

    /**
     * @param given the URL as given (from {@code --url} or {@code FLYWAY_URL})
     * @return the URL without {@code user:password@} and without the {@code password} and {@code sslpassword}
     *     parameters, which become connection properties (decoded as the driver decodes URL parameters)
     */
    public static JdbcUrl of(String given) {
        return split(given, MOVED);
    }

    /**
     * The operator's URL made fit for logging in as another role (clickpipes_user): the same split, with the
     * migrating role's {@code user} and {@code password} taken out wherever they are, so that they cannot override
     * the properties given for the other role.
     *
     * @param given a JDBC URL
     * @return the URL without user info and without {@code user} and {@code password} parameters
     */
    public static String forAnotherRole(String given) {
        return split(given, Set.of("user", "password")).driverUrl;
    }

    private static JdbcUrl split(String given, Set<String> moved) {
        Properties secrets = new Properties();
        int query = given.indexOf('?');
        String base = query < 0 ? given : given.substring(0, query);
        int hosts = base.indexOf("//");
        if (hosts >= 0) {
            int path = base.indexOf('/', hosts + 2);
            String authority = base.substring(hosts + 2, path < 0 ? base.length() : path);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                if (!user.isEmpty()) {
                    secrets.setProperty("user", decode(user));
                }
                if (colon >= 0) {
                    secrets.setProperty("password", decode(userInfo.substring(colon + 1)));
                }
                base = base.substring(0, hosts + 2) + authority.substring(at + 1)
                        + (path < 0 ? "" : base.substring(path));
            }
        }
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String parameter : given.substring(query + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
                if (equals >= 0 && moved.contains(name)) {
                    // A parameter in the URL wins over a property in the driver: so does it here.
                    secrets.setProperty(name, decode(parameter.substring(equals + 1)));
                } else if (!parameter.isEmpty()) {
                    kept.add(parameter);
                }
            }
        }
        return new JdbcUrl(kept.isEmpty() ? base : base + "?" + String.join("&", kept), secrets);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** @return the URL for the driver and Flyway: no password in it */
    public String driverUrl() {
        return driverUrl;
    }

    /**
     * @param properties connection properties (user, the migrating role's password); changed in place
     * @return the same properties with those taken from the URL put over them, as the driver would
     */
    public Properties addTo(Properties properties) {
        properties.putAll(secrets);
        return properties;
    }

    /** @return the URL redacted for people: never a secret */
    @Override
    public String toString() {
        return redact(driverUrl);
    }
}
