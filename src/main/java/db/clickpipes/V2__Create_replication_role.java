package db.clickpipes;

import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.step.RoleStep;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates clickpipes_user with LOGIN and its password (hashed on the client) in one transaction — or, for an IAM
 * login, with rds_iam and no password — or adopts an existing role shaped for CDC, replacing its password only when
 * rotation is asked for.
 */
public class V2__Create_replication_role extends BaseJavaMigration {
    @Override
    public void migrate(Context context) {
        RoleStep.apply(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }
}
