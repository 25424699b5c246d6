package db.clickpipes;

import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.migration.RoleSteps;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Creates clickpipes_user with LOGIN (or adopts an existing role). */
public class V2__Create_replication_role extends BaseJavaMigration {
    @Override
    public void migrate(Context context) {
        RoleSteps.createRole(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }
}
