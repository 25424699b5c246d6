package dev.cdcready.clickpipes.config;

import dev.cdcready.clickpipes.platform.Platform;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the bundle is configured with, validated: no value reaches SQL unless it passed these checks.
 *
 * @param user the replication role ClickPipes logs in as
 * @param schemas the schemas whose tables it may read
 * @param publication the publication name
 * @param scope which tables the publication covers
 * @param tables the tables for scope {@code tables}; empty otherwise
 * @param tableOwners the roles whose future tables must be readable
 * @param platform the configured platform, empty to detect it
 * @param lockTimeout the {@code lock_timeout} every bundle migration runs with, e.g. {@code 30s}
 * @param password where the password comes from; it prints only the source
 * @param rotatePassword whether the operator asked to replace the password of an existing clickpipes_user that the
 *     configured one does not log in as (the role is shared by every database of the server)
 * @param auth how ClickPipes logs in: with a password, or with IAM (then no password may be configured)
 */
public record ClickPipesSettings(
        Identifier user,
        List<Identifier> schemas,
        Identifier publication,
        PublicationScope scope,
        List<QualifiedTable> tables,
        TableOwners tableOwners,
        Optional<Platform> platform,
        String lockTimeout,
        PasswordSource password,
        boolean rotatePassword,
        Authentication auth) {

    /** Names the bundle creates: letters of any script, digits, underscore, dollar and dash. */
    private static final Pattern CREATABLE_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$-]*");
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("(\\d{1,9})(ms|s|min)?");
    /** PostgreSQL's upper limit for lock_timeout, in milliseconds (INT_MAX). */
    private static final long MAX_LOCK_TIMEOUT_MS = Integer.MAX_VALUE;
    private static final Set<String> RESERVED_ROLES = Set.of("postgres", "public", "none", "current_user",
            "current_role", "session_user", "user", "all", "rdsadmin", "rdsrepladmin", "rdstopmgr");

    public ClickPipesSettings {
        schemas = List.copyOf(schemas);
        tables = List.copyOf(tables);
        requireCreatable(Placeholders.USER, user);
        requireCreatable(Placeholders.PUBLICATION, publication);
        String lowerUser = user.value().toLowerCase(Locale.ROOT);
        if (RESERVED_ROLES.contains(lowerUser) || lowerUser.startsWith("pg_") || lowerUser.startsWith("rds_")) {
            throw new InvalidSettingException(Placeholders.USER, "the role name " + Identifier.printable(user.value())
                    + " is reserved or belongs to PostgreSQL, AWS or an administrator",
                    "Choose a dedicated role for ClickPipes, e.g. clickpipes_user.");
        }
        if (schemas.isEmpty()) {
            throw new InvalidSettingException(Placeholders.SCHEMAS, "no schema is configured",
                    "Name at least one schema, e.g. clickpipes_schemas=public.");
        }
        if (scope == PublicationScope.TABLES && tables.isEmpty()) {
            throw new InvalidSettingException(Placeholders.TABLES, "scope is tables but no table is listed",
                    "List the tables to publish, e.g. clickpipes_tables=public.orders,public.customers.");
        }
        if (scope != PublicationScope.TABLES && !tables.isEmpty()) {
            throw new InvalidSettingException(Placeholders.TABLES, "tables are listed but the scope is "
                    + scope.settingValue(), "Set clickpipes_publication_scope=tables, or remove clickpipes_tables.");
        }
        for (Identifier schema : schemas) {
            ReservedSchemas.require(Placeholders.SCHEMAS, schema, ReservedSchemas.BUNDLE_HISTORY_SCHEMA);
        }
        for (QualifiedTable table : tables) {
            // Before the membership check below, whose advice would be to add the schema to clickpipes_schemas.
            ReservedSchemas.require(Placeholders.TABLES, table.schema(), ReservedSchemas.BUNDLE_HISTORY_SCHEMA);
        }
        for (QualifiedTable table : tables) {
            if (!schemas.contains(table.schema())) {
                throw new InvalidSettingException(Placeholders.TABLES, "table " + Identifier.printable(table.toString())
                        + " is in schema " + Identifier.printable(table.schema().value())
                        + ", which is not in clickpipes_schemas (clickpipes_user could not read it)",
                        "Add " + table.schema().value() + " to clickpipes_schemas, or remove the table.");
            }
        }
        requireBoundedLockTimeout(lockTimeout);
        if (tableOwners == null || platform == null || password == null || scope == null || auth == null) {
            throw new IllegalArgumentException("tableOwners, platform, password, scope and auth are required");
        }
        requireNoPasswordForIam(auth, password, rotatePassword);
    }

    /**
     * An IAM login has no password: the bundle never sets one, and one given anyway would be a secret that nothing
     * uses — or, on a role adopted with a password, a second way in that the operator meant to close.
     */
    private static void requireNoPasswordForIam(Authentication auth, PasswordSource password,
                                                boolean rotatePassword) {
        if (auth != Authentication.IAM) {
            return;
        }
        if (password.isConfigured()) {
            throw new InvalidSettingException(Placeholders.AUTH, "clickpipes_auth is iam but a password is "
                    + "configured (" + password + "); an IAM user logs in with a token and the bundle gives it no "
                    + "password", "Remove the password (unset CLICKPIPES_PASSWORD, clickpipes_password and "
                    + "clickpipes_password_file), or set clickpipes_auth=password.");
        }
        if (rotatePassword) {
            throw new InvalidSettingException(Placeholders.ROTATE_PASSWORD, "clickpipes_auth is iam, so there is "
                    + "no password to replace", "Remove clickpipes_rotate_password, or set clickpipes_auth=password.");
        }
    }

    /**
     * A lock timeout must be a duration PostgreSQL accepts and must bound the wait: {@code 0} would switch the
     * timeout off and let a migration wait for a table lock forever.
     */
    private static void requireBoundedLockTimeout(String lockTimeout) {
        Matcher duration = lockTimeout == null ? null : LOCK_TIMEOUT.matcher(lockTimeout);
        if (duration == null || !duration.matches()) {
            throw new InvalidSettingException(Placeholders.LOCK_TIMEOUT, "the value " + Identifier.printable(
                    lockTimeout) + " is not a duration", "Use a number with ms, s or min, e.g. 30s.");
        }
        long unit = duration.group(2) == null || duration.group(2).equals("ms") ? 1
                : duration.group(2).equals("s") ? 1_000 : 60_000;
        long millis = Long.parseLong(duration.group(1)) * unit;
        if (millis == 0) {
            throw new InvalidSettingException(Placeholders.LOCK_TIMEOUT, "the value " + Identifier.printable(
                    lockTimeout) + " is zero, which PostgreSQL takes as no timeout (a migration could wait for a"
                    + " table lock forever)", "Use a positive duration, e.g. 30s.");
        }
        if (millis > MAX_LOCK_TIMEOUT_MS) {
            throw new InvalidSettingException(Placeholders.LOCK_TIMEOUT, "the value " + Identifier.printable(
                    lockTimeout) + " is longer than PostgreSQL allows (2147483647ms, about 24 days)",
                    "Use a shorter duration, e.g. 30s.");
        }
    }

    private static void requireCreatable(String setting, Identifier name) {
        if (name == null) {
            throw new InvalidSettingException(setting, "the value is empty", "Give a name, e.g. " + setting + "="
                    + setting + ".");
        }
        if (!CREATABLE_NAME.matcher(name.value()).matches()) {
            throw new InvalidSettingException(setting, "the name " + Identifier.printable(name.value())
                    + " has characters other than letters, digits, _, $ and -, or starts with a digit or symbol",
                    "Choose a plain name for the object the bundle creates, e.g. " + setting + ".");
        }
    }

    /**
     * @return the configured schemas for a message: every one up to {@link Brief#SHOWN}, otherwise the first few and
     *     how many more, in brackets
     */
    public String schemasInBrief() {
        return "[" + Brief.names(schemas.stream().map(Identifier::value).toList()) + "]";
    }
}
