package dev.cdcready.clickpipes.spring;

import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.config.PasswordSource;
import dev.cdcready.clickpipes.config.Placeholders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code clickpipes.*} properties. Each mirrors one bundle placeholder (see the README's Configuration table);
 * a property left unset keeps the bundle's default. The bundle validates the values itself, before anything is
 * written, and names the placeholder in its message.
 *
 * @param enabled          runs the bundle at startup; off unless {@code true}
 * @param schemas          {@code clickpipes_schemas}
 * @param user             {@code clickpipes_user}
 * @param password         {@code clickpipes_password}; prefer {@code password-file} or the environment variable
 *                         {@code CLICKPIPES_PASSWORD}, which the bundle reads itself
 * @param passwordFile     {@code clickpipes_password_file}: a file whose first line is the password
 * @param publication      {@code clickpipes_publication}
 * @param publicationScope {@code clickpipes_publication_scope}: {@code all_tables}, {@code schemas} or {@code tables}
 * @param tables           {@code clickpipes_tables}, as {@code schema.table}
 * @param tableOwners      {@code clickpipes_table_owners}: {@code auto} or role names
 * @param platform         {@code clickpipes_platform}: {@code auto}, {@code aurora}, {@code rds} or {@code postgres}
 * @param lockTimeout      {@code clickpipes_lock_timeout}, a PostgreSQL duration such as {@code 30s}
 * @param datasource       a connection of its own for the bundle (e.g. the master user); unset = the application's
 *                         DataSource
 * @param rotatePassword   {@code clickpipes_rotate_password}: {@code true} replaces the password of an existing
 *                         clickpipes_user that the configured one does not log in as (every database shares it)
 * @param auth             {@code clickpipes_auth}: {@code password} (default) or {@code iam} (Aurora/RDS, no password)
 */
@ConfigurationProperties("clickpipes")
public record ClickPipesProperties(boolean enabled, List<String> schemas, String user, String password,
                                   String passwordFile, String publication, String publicationScope,
                                   List<String> tables, List<String> tableOwners, String platform, String lockTimeout,
                                   Connection datasource, Boolean rotatePassword,
                                   String auth) {

    /**
     * Where the bundle connects when it should not use the application's DataSource.
     *
     * @param url      JDBC URL of the writer endpoint
     * @param username the migrating role, e.g. the master user
     * @param password its password
     */
    public record Connection(String url, String username, String password) {
        @Override
        public String toString() {
            return "Connection[url=" + JdbcUrl.redact(url) + ", username=" + username + ", password="
                    + mask(password) + "]";
        }
    }

    /** Copies the lists; absent lists stay absent, so the bundle's defaults apply. */
    public ClickPipesProperties {
        schemas = schemas == null ? null : List.copyOf(schemas);
        tables = tables == null ? null : List.copyOf(tables);
        tableOwners = tableOwners == null ? null : List.copyOf(tableOwners);
    }

    /**
     * @param environment the process environment, to see whether {@code CLICKPIPES_PASSWORD} is set
     * @return the bundle's placeholders for the properties that are set
     */
    public Map<String, String> placeholders(Map<String, String> environment) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        put(placeholders, Placeholders.SCHEMAS, schemas == null ? null : String.join(",", schemas));
        put(placeholders, Placeholders.USER, user);
        put(placeholders, Placeholders.PASSWORD_FILE, passwordFile);
        // Spring binds the variable CLICKPIPES_PASSWORD to clickpipes.password as well; the bundle reads the
        // variable itself and prefers it (and the file), so the value is copied into Flyway's configuration only
        // when it is the one that will be used.
        String fromEnvironment = environment.get(PasswordSource.ENVIRONMENT_VARIABLE);
        boolean preferredSourceSet = (passwordFile != null && !passwordFile.isBlank())
                || (fromEnvironment != null && !fromEnvironment.isEmpty());
        if (!preferredSourceSet) {
            put(placeholders, Placeholders.PASSWORD, password);
        }
        put(placeholders, Placeholders.PUBLICATION, publication);
        put(placeholders, Placeholders.PUBLICATION_SCOPE, publicationScope);
        put(placeholders, Placeholders.TABLES, tables == null ? null : String.join(",", tables));
        put(placeholders, Placeholders.TABLE_OWNERS, tableOwners == null ? null : String.join(",", tableOwners));
        put(placeholders, Placeholders.PLATFORM, platform);
        put(placeholders, Placeholders.LOCK_TIMEOUT, lockTimeout);
        put(placeholders, Placeholders.ROTATE_PASSWORD, rotatePassword == null ? null : rotatePassword.toString());
        put(placeholders, Placeholders.AUTH, auth);
        return placeholders;
    }

    private static void put(Map<String, String> placeholders, String name, String value) {
        if (value != null) {
            placeholders.put(name, value);
        }
    }

    private static String mask(String secret) {
        return secret == null ? null : "<masked>";
    }

    /** Every property, the passwords masked. */
    @Override
    public String toString() {
        return "ClickPipesProperties[enabled=" + enabled + ", schemas=" + schemas + ", user=" + user
                + ", password=" + mask(password) + ", passwordFile=" + passwordFile + ", publication=" + publication
                + ", publicationScope=" + publicationScope + ", tables=" + tables + ", tableOwners=" + tableOwners
                + ", platform=" + platform + ", lockTimeout=" + lockTimeout + ", datasource=" + datasource
                + ", auth=" + auth + "]";
    }
}
