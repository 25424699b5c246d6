package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.IamLogin;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.platform.Endpoint;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.IamRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code clickpipes_auth=iam} after migrate: what the database must still hold (rds_iam membership, the replication
 * setting), and what lies outside it — the IAM policy ClickPipes needs, which no SQL can check.
 */
public final class IamVerification {

    private IamVerification() {
    }

    /**
     * @param catalog the catalog of this database
     * @param settings the settings; auth must be iam
     * @param platform the effective platform
     * @return the errors; empty when the database side of the IAM login holds
     */
    static List<Finding> catalog(Catalog catalog, ClickPipesSettings settings, Platform platform) {
        IamLogin iam = IamLogin.read(catalog, settings.user());
        List<Finding> findings = new ArrayList<>(IamRequirements.server(platform, iam));
        if (iam.rdsIamExists() && !iam.member()) {
            findings.add(Finding.error(FindingCode.NO_RDS_IAM, "clickpipes_user " + settings.user() + " is not a member of "
                    + "rds_iam, so it cannot log in with an IAM token (migrate grants it only when its role migration "
                    + "creates or adopts the role).", IamRequirements.grant(settings.user()) + ";"));
        }
        return findings;
    }

    /**
     * verify cannot make an IAM token (that needs AWS credentials and the cluster's resource id), so it says what the
     * login needs outside the database instead of trying it.
     *
     * @param url the JDBC URL, for the region
     * @param settings the settings; auth must be iam
     * @return two notes: the login was not tried, and the policy ClickPipes' IAM role needs
     */
    static List<Finding> notes(String url, ClickPipesSettings settings) {
        return List.of(Finding.info(FindingCode.REPLICATION_LOGIN_NOT_TRIED, "The replication login of " + settings.user()
                        + " was not tried: clickpipes_auth is iam, and an IAM token needs AWS credentials that "
                        + "verify does not have.", "Let ClickPipes validate the connection when you create the pipe."),
                Finding.info(FindingCode.IAM_POLICY_NEEDED, "ClickPipes logs in as " + settings.user() + " with an IAM token: "
                        + "the IAM role it assumes needs rds-db:connect on this user.", policy(url, settings.user())));
    }

    /**
     * @param url the JDBC URL; an RDS host name gives the region
     * @param user clickpipes_user
     * @return the resource ClickPipes' IAM role must be allowed {@code rds-db:connect} on
     */
    public static String resourceArn(String url, Identifier user) {
        String region = Endpoint.fromJdbcUrl(url).stream().map(Endpoint::region).flatMap(Optional::stream)
                .findFirst().orElse("<region>");
        return "arn:aws:rds-db:" + region + ":<account>:dbuser:<resource-id>/" + user.value();
    }

    private static String policy(String url, Identifier user) {
        return "Create an IAM role that ClickHouse Cloud's service role (Settings, Network security information) may "
                + "assume (sts:AssumeRole, sts:TagSession), allow it rds-db:connect on " + resourceArn(url, user)
                + " (<resource-id>: the Resource ID on the Configuration tab, cluster-... for an Aurora cluster, "
                + "db-... for an RDS instance), and give the role's ARN to the ClickPipe.";
    }
}
