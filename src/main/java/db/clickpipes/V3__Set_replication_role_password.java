package db.clickpipes;

import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.migration.RoleSteps;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Sets clickpipes_user's password, hashed on the client: the plaintext never reaches the server. */
public class V3__Set_replication_role_password extends BaseJavaMigration {
    @Override
    public void migrate(Context context) {
        RoleSteps.setPassword(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }
}
