package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.step.TableCheckpoint;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;

/**
 * Base of the bundle's repeatable Java migrations. Flyway computes a SQL migration's checksum before placeholders are
 * replaced, so a changed setting would never re-run it; this base instead takes its checksum from the effective
 * settings and the step's drift (see {@link EffectiveSettingsChecksum}), which needs the configuration Flyway hands
 * over when it resolves the migration — through an internal method, so its absence fails loudly.
 */
public abstract class EffectiveSettingsMigration extends BaseJavaMigration {

    /** The names under which the repeatable steps record their checks (see {@code PassedPreCheck}). */
    public static final List<String> STEPS = Arrays.stream(EffectiveSettingsChecksum.Part.values()).map(Enum::name)
            .toList();

    private volatile Configuration configuration;
    /** This resolution's checksum: Flyway asks for it several times per command (validate, migrate, history row). */
    private volatile Integer checksum;

    /** @return which settings this migration depends on */
    abstract EffectiveSettingsChecksum.Part dependsOn();

    /**
     * The step's own checks — those {@code verify} reports for it — on the database as it is.
     *
     * @param connection a connection of Flyway's data source
     * @param settings the settings
     * @param facts the server's facts, read on that connection in this run
     * @param since the schema-access step's checkpoint, when one counts (see {@link TableCheckpoint})
     * @return what does not hold; empty when the step has nothing to do
     */
    protected abstract List<Finding> check(Connection connection, ClickPipesSettings settings, ServerFacts facts,
                                           Optional<TableCheckpoint> since);

    @Override
    public ResolvedMigration getResolvedMigration(Configuration configuration, StatementInterceptor interceptor) {
        this.configuration = configuration;
        this.checksum = null;
        return super.getResolvedMigration(configuration, interceptor);
    }

    @Override
    public Integer getChecksum() {
        // Computed once per resolution: each computation opens a connection and reads the catalog. Flyway resolves
        // the migrations again for every command, so a later command still sees new settings and drift.
        Integer known = checksum;
        if (known == null) {
            Configuration resolvedWith = configuration;
            if (resolvedWith == null) {
                // A null checksum would make Flyway never re-run the step again, with no error at all.
                throw new ClickPipesException("Flyway asked for the checksum of " + getClass().getName()
                        + " without calling getResolvedMigration(Configuration, StatementInterceptor) first, which "
                        + "the bundle relies on to learn its settings; this Flyway version is not supported by the "
                        + "bundle. Use a Flyway version the README lists as tested (11.8 to 13.12).");
            }
            known = EffectiveSettingsChecksum.of(resolvedWith, dependsOn(), getClass().getName(), this::check);
            checksum = known;
        }
        return known;
    }

    /**
     * @param settings the settings
     * @param schemaAccess the schema-access step (else the publication step)
     * @return the settings part of that step's checksum: every history row of the step equals it up to the low bit,
     *     which marks a run that repaired drift
     */
    public static int settingsPart(ClickPipesSettings settings, boolean schemaAccess) {
        return EffectiveSettingsChecksum.settingsPart(settings, schemaAccess
                ? EffectiveSettingsChecksum.Part.SCHEMA_ACCESS : EffectiveSettingsChecksum.Part.PUBLICATION);
    }

    /** Base for the schema-access repeatable, which also keeps clickpipes_user's LOGIN and replication privilege. */
    public abstract static class SchemaAccess extends EffectiveSettingsMigration {
        @Override
        EffectiveSettingsChecksum.Part dependsOn() {
            return EffectiveSettingsChecksum.Part.SCHEMA_ACCESS;
        }
    }

    /** Base for the publication repeatable. */
    public abstract static class Publication extends EffectiveSettingsMigration {
        @Override
        EffectiveSettingsChecksum.Part dependsOn() {
            return EffectiveSettingsChecksum.Part.PUBLICATION;
        }
    }
}
