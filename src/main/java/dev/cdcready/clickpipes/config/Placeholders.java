package dev.cdcready.clickpipes.config;

/** The Flyway placeholder names the bundle reads. Flyway treats placeholder names case-insensitively. */
public final class Placeholders {
    public static final String USER = "clickpipes_user";
    public static final String PASSWORD = "clickpipes_password";
    public static final String PASSWORD_FILE = "clickpipes_password_file";
    public static final String SCHEMAS = "clickpipes_schemas";
    public static final String PUBLICATION = "clickpipes_publication";
    public static final String PUBLICATION_SCOPE = "clickpipes_publication_scope";
    public static final String TABLES = "clickpipes_tables";
    public static final String TABLE_OWNERS = "clickpipes_table_owners";
    public static final String PLATFORM = "clickpipes_platform";
    public static final String LOCK_TIMEOUT = "clickpipes_lock_timeout";
    public static final String ROTATE_PASSWORD = "clickpipes_rotate_password";
    public static final String AUTH = "clickpipes_auth";

    private Placeholders() {
    }
}
