package dev.cdcready.clickpipes.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which tables the publication covers. */
public enum PublicationScope {
    /** {@code FOR ALL TABLES}: every table in the database, now and later. The manual guide's choice. */
    ALL_TABLES,
    /** {@code FOR TABLES IN SCHEMA} on 15+; on 12-14 the schemas' current tables, listed. */
    SCHEMAS,
    /** {@code FOR TABLE}: the tables named in {@code clickpipes_tables}. */
    TABLES;

    /** @return the value as written in configuration, e.g. {@code all_tables} */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param setting the placeholder name, for the error
     * @param value the configured value
     * @return the scope
     */
    public static PublicationScope parse(String setting, String value) {
        for (PublicationScope scope : values()) {
            if (scope.settingValue().equalsIgnoreCase(value.strip())) {
                return scope;
            }
        }
        throw new InvalidSettingException(setting, "the value " + Identifier.printable(value) + " is not a scope",
                "Use one of: " + Arrays.stream(values()).map(PublicationScope::settingValue)
                        .collect(Collectors.joining(", ")) + ".");
    }
}
