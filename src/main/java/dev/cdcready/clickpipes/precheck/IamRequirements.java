package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.IamLogin;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.platform.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server must offer before clickpipes_user can log in with IAM: Aurora or RDS (the {@code rds_iam} role),
 * and {@code rds.iam_auth_for_replication} on, because ClickPipes streams over a replication connection. The
 * pre-check refuses on these findings and {@code verify} reports them as drift: one rule for both.
 */
public final class IamRequirements {

    private IamRequirements() {
    }

    /**
     * @param platform the effective platform
     * @param iam what the server offers
     * @return the errors; empty when IAM logins can work on this server
     */
    public static List<Finding> server(Platform platform, IamLogin iam) {
        List<Finding> findings = new ArrayList<>();
        if (!platform.isAws() || !iam.rdsIamExists()) {
            findings.add(Finding.error(FindingCode.IAM_NEEDS_AWS, "clickpipes_auth is iam, but this server is "
                    + (platform.isAws() ? platform.settingValue() + " without the role rds_iam"
                            : "plain PostgreSQL (no Aurora or RDS surface, no role rds_iam)")
                    + "; IAM database authentication exists only on Aurora and RDS.",
                    "Set clickpipes_auth=password and give the password through CLICKPIPES_PASSWORD (or "
                            + "clickpipes_password_file); or run against the Aurora/RDS writer endpoint."));
            return findings;
        }
        if (!iam.replicationAllowed()) {
            findings.add(Finding.error(FindingCode.IAM_REPLICATION_AUTH_OFF, IamLogin.REPLICATION_SETTING + " is "
                    + iam.iamAuthForReplication().orElse("not set") + "; ClickPipes streams over a replication "
                    + "connection, which accepts an IAM token only when it is 1.",
                    "Set " + IamLogin.REPLICATION_SETTING + " = 1 in the DB cluster parameter group (Aurora) or DB "
                            + "parameter group (RDS); it is dynamic, so it applies without a reboot. Also turn on "
                            + "IAM database authentication for the cluster (--enable-iam-database-authentication). "
                            + "Then run again."));
        }
        return findings;
    }

    /**
     * @param user clickpipes_user
     * @return the statement that lets it log in with IAM
     */
    public static String grant(Identifier user) {
        return "GRANT " + IamLogin.RDS_IAM + " TO " + user.quoted();
    }
}
