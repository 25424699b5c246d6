package dev.cdcready.clickpipes.platform;

import java.util.Locale;

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
}
