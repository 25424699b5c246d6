package db.clickpipes;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.migration.EffectiveSettingsMigration;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.SchemaAccessStep;
import dev.cdcready.clickpipes.step.StepChecks;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.migration.Context;

/**
 * USAGE, SELECT and default privileges per configured schema and owner, and clickpipes_user's LOGIN and replication
 * privilege; re-runs when those settings change or when any of it no longer holds.
 */
public class R__Grant_schema_access extends EffectiveSettingsMigration.SchemaAccess {
    @Override
    public void migrate(Context context) {
        SchemaAccessStep.apply(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }

    @Override
    protected List<Finding> check(Connection connection, ClickPipesSettings settings, ServerFacts facts,
                                  Optional<TableCheckpoint> since) {
        return StepChecks.schemaAccess(connection, settings, facts, since);
    }
}
