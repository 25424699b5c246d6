package dev.cdcready.clickpipes.catalog;

/**
 * The catalog's view of one role.
 *
 * @param exists whether the role exists
 * @param canLogin {@code rolcanlogin}
 * @param superuser {@code rolsuper}
 * @param replication {@code rolreplication}
 * @param rdsReplication member of {@code rds_replication}
 * @param passwordExpired {@code rolvaliduntil} is in the past
 */
public record RoleInfo(boolean exists, boolean canLogin, boolean superuser, boolean replication,
                       boolean rdsReplication, boolean passwordExpired) {

    /** A role that does not exist. */
    public static final RoleInfo MISSING = new RoleInfo(false, false, false, false, false, false);
}
