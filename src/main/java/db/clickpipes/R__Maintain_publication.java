package db.clickpipes;

import dev.cdcready.clickpipes.migration.EffectiveSettingsMigration;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.migration.PublicationSteps;
import org.flywaydb.core.api.migration.Context;

/** Creates the publication in the configured scope, or adds what it lacks; re-runs when the scope's content changes. */
public class R__Maintain_publication extends EffectiveSettingsMigration.Publication {
    @Override
    public void migrate(Context context) {
        PublicationSteps.maintainPublication(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }
}
