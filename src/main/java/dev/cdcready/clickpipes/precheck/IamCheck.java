package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.access.RoleStatements;
import dev.cdcready.clickpipes.catalog.IamLogin;
import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.config.Identifier;
import java.util.List;

/**
 * With {@code clickpipes_auth=iam}: the server must offer IAM logins ({@link IamRequirements}), the migrating role
 * must be able to grant {@code rds_iam}, and an existing role that is not yet a member is warned about — on Aurora
 * and RDS a member of rds_iam can no longer log in with its password, and the role is shared by every database.
 */
public final class IamCheck implements Check {

    @Override
    public void run(CheckContext context, List<Finding> findings) {
        if (context.settings().auth() != Authentication.IAM) {
            return;
        }
        Identifier user = context.settings().user();
        IamLogin iam = IamLogin.read(context.catalog(), user);
        List<Finding> server = IamRequirements.server(context.platform(), iam);
        findings.addAll(server);
        if (!server.isEmpty() || iam.member()) {
            return;
        }
        boolean exists = context.catalog().role(user).exists();
        if (!AwsRoleGrant.allowed(context.catalog(), context.facts(), IamLogin.RDS_IAM)) {
            // The fix is the master user's: ADMIN OPTION on rds_iam would make the migrating role a member of it, and
            // a member of rds_iam logs in only with IAM tokens. A role that does not exist yet cannot be granted
            // anything, so the master user creates it as migrate would; migrate then adopts it.
            findings.add(Finding.error(FindingCode.CANNOT_GRANT_RDS_IAM, "The migrating role "
                    + context.facts().currentUser() + " may not grant rds_iam" + (context.facts().atLeast(16)
                            ? " (PostgreSQL 16+ requires ADMIN OPTION on it, which would make it a member of rds_iam"
                            + " and end its password login)" : "") + ".",
                    "Run as the cluster's master user, or have it run: " + (exists ? ""
                            : RoleStatements.create(user) + "; ") + IamRequirements.grant(user) + ";"));
        }
        if (exists) {
            findings.add(Finding.warning(FindingCode.IAM_ENDS_PASSWORD_LOGIN, "The existing role " + user + " is not yet a "
                    + "member of rds_iam; once it is (the role's migration grants it when it adopts the role), "
                    + "Aurora/RDS accept only IAM tokens for " + user + ". clickpipes_user is shared by every database "
                    + "on this server: a ClickPipe that logs in as it with a password stops working.",
                    "Move every ClickPipe that uses " + user + " to "
                    + "IAM authentication, or configure another clickpipes_user for IAM."));
        }
    }

    @Override
    public String toString() {
        return "IAM login";
    }
}
