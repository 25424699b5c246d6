package db.clickpipes;

import dev.cdcready.clickpipes.migration.AccessSteps;
import dev.cdcready.clickpipes.migration.EffectiveSettingsMigration;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import org.flywaydb.core.api.migration.Context;

/** USAGE, SELECT and default privileges per configured schema and owner; re-runs when those change. */
public class R__Grant_schema_access extends EffectiveSettingsMigration.SchemaAccess {
    @Override
    public void migrate(Context context) {
        AccessSteps.grantSchemaAccess(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }
}
