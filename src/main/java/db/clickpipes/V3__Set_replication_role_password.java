package db.clickpipes;

import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.step.RoleStep;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Kept so that history tables which recorded it still validate. V2 now sets the password in the transaction that
 * creates the role; an existing role's password is replaced only on request (see {@code PasswordRotation}).
 */
public class V3__Set_replication_role_password extends BaseJavaMigration {
    @Override
    public void migrate(Context context) {
        RoleStep.passwordSetWithRole(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }
}
