package dev.cdcready.clickpipes.config;

import dev.cdcready.clickpipes.platform.Platform;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds {@link ClickPipesSettings} from Flyway placeholders and the environment, applying the documented defaults. */
public final class SettingsReader {

    private SettingsReader() {
    }

    /**
     * @param placeholders Flyway's user placeholders (names are matched case-insensitively, as Flyway does)
     * @param environment the process environment, for {@code CLICKPIPES_PASSWORD}
     * @return validated settings
     * @throws InvalidSettingException naming the first setting that cannot be used
     */
    public static ClickPipesSettings read(Map<String, String> placeholders, Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.putAll(placeholders);
        String owners = get(values, Placeholders.TABLE_OWNERS, "auto");
        TableOwners tableOwners = owners.strip().equalsIgnoreCase("auto") ? TableOwners.automatic()
                : new TableOwners(false, requireSome(Placeholders.TABLE_OWNERS,
                        NameList.names(Placeholders.TABLE_OWNERS, owners)));
        return new ClickPipesSettings(
                Identifier.of(Placeholders.USER, get(values, Placeholders.USER, "clickpipes_user")),
                NameList.names(Placeholders.SCHEMAS, get(values, Placeholders.SCHEMAS, "public")),
                Identifier.of(Placeholders.PUBLICATION, get(values, Placeholders.PUBLICATION, "clickpipes_publication")),
                PublicationScope.parse(Placeholders.PUBLICATION_SCOPE,
                        get(values, Placeholders.PUBLICATION_SCOPE, "all_tables")),
                NameList.tables(Placeholders.TABLES, get(values, Placeholders.TABLES, "")),
                tableOwners,
                platform(Placeholders.PLATFORM, get(values, Placeholders.PLATFORM, "auto")),
                get(values, Placeholders.LOCK_TIMEOUT, "30s").strip(),
                PasswordSource.choose(values.get(Placeholders.PASSWORD_FILE), environment,
                        values.get(Placeholders.PASSWORD)),
                flag(Placeholders.ROTATE_PASSWORD, get(values, Placeholders.ROTATE_PASSWORD, "false")),
                Authentication.parse(Placeholders.AUTH, get(values, Placeholders.AUTH, "password")));
    }

    /**
     * Like {@link #read(Map, Map)}, for a Flyway run that keeps the bundle's history table in {@code historySchema}:
     * that schema must not be granted to clickpipes_user either.
     *
     * @param historySchema the schema of the history table, as the Flyway configuration names it
     * @return validated settings
     * @throws InvalidSettingException naming the first setting that cannot be used
     */
    public static ClickPipesSettings read(Map<String, String> placeholders, Map<String, String> environment,
                                          String historySchema) {
        return requireHistorySchemaNotGranted(read(placeholders, environment), historySchema);
    }

    /**
     * @param settings validated settings
     * @param historySchema the schema of the history table, as the Flyway configuration names it
     * @return the same settings
     * @throws InvalidSettingException when they grant that schema to clickpipes_user
     */
    public static ClickPipesSettings requireHistorySchemaNotGranted(ClickPipesSettings settings, String historySchema) {
        settings.schemas().forEach(schema -> ReservedSchemas.require(Placeholders.SCHEMAS, schema, historySchema));
        return settings;
    }

    /**
     * @param setting the placeholder name, for the error
     * @param value {@code auto}, {@code aurora}, {@code rds} or {@code postgres}
     * @return the platform, or empty for {@code auto}
     */
    private static Optional<Platform> platform(String setting, String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("auto")) {
            return Optional.empty();
        }
        for (Platform platform : Platform.values()) {
            if (platform.settingValue().equals(wanted)) {
                return Optional.of(platform);
            }
        }
        throw new InvalidSettingException(setting, "the value " + Identifier.printable(value) + " is not a platform",
                "Use auto (detect it from the server), aurora, rds or postgres.");
    }

    private static java.util.List<Identifier> requireSome(String setting, java.util.List<Identifier> names) {
        if (names.isEmpty()) {
            throw new InvalidSettingException(setting, "the value is empty", "Use auto, or list the owning roles.");
        }
        return names;
    }

    private static boolean flag(String setting, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new InvalidSettingException(setting, "the value is neither true nor false",
                    "Set " + setting + "=true to replace the password, or leave it unset.");
        };
    }

    private static String get(Map<String, String> values, String name, String defaultValue) {
        String value = values.get(name);
        return value == null ? defaultValue : value;
    }
}
