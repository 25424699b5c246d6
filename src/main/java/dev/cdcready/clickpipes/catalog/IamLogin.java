package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.config.Identifier;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What IAM database authentication needs from the server, read in one query: the {@code rds_iam} role (Aurora and
 * RDS only), clickpipes_user's membership in it, and {@code rds.iam_auth_for_replication}, without which a replication
 * connection — the one ClickPipes streams over — cannot log in with an IAM token.
 *
 * @param rdsIamExists whether the role {@code rds_iam} exists
 * @param member whether clickpipes_user is a member of it (false when either role is missing)
 * @param iamAuthForReplication the setting's value, empty where the server does not know it
 */
public record IamLogin(boolean rdsIamExists, boolean member, Optional<String> iamAuthForReplication) {

    /** The role whose members log in with IAM tokens. */
    public static final String RDS_IAM = "rds_iam";
    /** The dynamic parameter that lets IAM tokens open replication connections. */
    public static final String REPLICATION_SETTING = "rds.iam_auth_for_replication";

    /** How PostgreSQL spells a boolean that is on; the parameter group writes 1. */
    private static final Set<String> ON = Set.of("1", "on", "true", "yes");

    /**
     * @param catalog the catalog of this database
     * @param user clickpipes_user
     * @return what the server offers for IAM logins
     */
    public static IamLogin read(Catalog catalog, Identifier user) {
        return catalog.query("read IAM login settings", """
                SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'rds_iam'),
                       EXISTS (SELECT 1 FROM pg_catalog.pg_roles r, pg_catalog.pg_roles g
                                WHERE r.rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                                  AND g.rolname OPERATOR(pg_catalog.=) 'rds_iam'
                                  AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')),
                       pg_catalog.current_setting('rds.iam_auth_for_replication', true)
                """, rs -> {
                    rs.next();
                    return new IamLogin(rs.getBoolean(1), rs.getBoolean(2), Optional.ofNullable(rs.getString(3)));
                }, user.value());
    }

    /** @return whether IAM tokens may open replication connections */
    public boolean replicationAllowed() {
        return iamAuthForReplication.map(v -> ON.contains(v.strip().toLowerCase(Locale.ROOT))).orElse(false);
    }
}
