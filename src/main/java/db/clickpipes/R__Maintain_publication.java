package db.clickpipes;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.migration.EffectiveSettingsMigration;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.PublicationStep;
import dev.cdcready.clickpipes.step.StepChecks;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates the publication in the configured scope, or adds and restores what it lacks; re-runs when the settings
 * change or when the publication no longer matches them.
 */
public class R__Maintain_publication extends EffectiveSettingsMigration.Publication {
    @Override
    public void migrate(Context context) {
        PublicationStep.apply(MigrationGuard.begin(context.getConfiguration(), context.getConnection()));
    }

    @Override
    protected List<Finding> check(Connection connection, ClickPipesSettings settings, ServerFacts facts,
                                  Optional<TableCheckpoint> since) {
        return StepChecks.publication(connection, settings, facts);
    }
}
