package dev.cdcready.clickpipes.platform;

import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import java.util.Locale;
import java.util.Optional;

/** The kind of PostgreSQL server: it decides how replication is granted and which fixes a message names. */
public enum Platform {
    /** Amazon Aurora PostgreSQL: {@code aurora_version()} exists. */
    AURORA,
    /** Amazon RDS for PostgreSQL: {@code rds_replication} and {@code rds.*} settings exist, no Aurora functions. */
    RDS,
    /** Any other PostgreSQL. */
    POSTGRES;

    /** @return true on Aurora and RDS, where {@code rds_replication} and parameter groups replace superuser steps */
    public boolean isAws() {
        return this != POSTGRES;
    }

    /** @return the value as written in configuration */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param setting the placeholder name, for the error
     * @param value {@code auto}, {@code aurora}, {@code rds} or {@code postgres}
     * @return the platform, or empty for {@code auto}
     */
    public static Optional<Platform> parseSetting(String setting, String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("auto")) {
            return Optional.empty();
        }
        for (Platform platform : values()) {
            if (platform.settingValue().equals(wanted)) {
                return Optional.of(platform);
            }
        }
        throw new InvalidSettingException(setting, "the value " + Identifier.printable(value) + " is not a platform",
                "Use auto (detect it from the server), aurora, rds or postgres.");
    }
}
