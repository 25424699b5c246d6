package db.clickpipes;

import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.step.ReplicationStep;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Grants rds_replication (Aurora, RDS) or the REPLICATION attribute (PostgreSQL). */
public class V4__Grant_replication_privilege extends BaseJavaMigration {
    @Override
    public void migrate(Context context) {
        ReplicationStep.apply(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }
}
