package dev.cdcready.clickpipes.migration;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;

/**
 * Base of the bundle's repeatable Java migrations. Flyway computes a SQL migration's checksum before placeholders are
 * replaced, so a changed setting would never re-run it; this base instead takes its checksum from the effective
 * settings, which Flyway hands over when it resolves the migration.
 */
public abstract class EffectiveSettingsMigration extends BaseJavaMigration {

    private volatile Configuration configuration;
    /** This resolution's checksum: Flyway asks for it several times per command (validate, migrate, history row). */
    private volatile Integer checksum;

    /** @return which settings this migration depends on */
    abstract EffectiveSettingsChecksum.Part dependsOn();

    @Override
    public ResolvedMigration getResolvedMigration(Configuration configuration, StatementInterceptor interceptor) {
        this.configuration = configuration;
        this.checksum = null;
        return super.getResolvedMigration(configuration, interceptor);
    }

    @Override
    public Integer getChecksum() {
        // Computed once per resolution: each computation opens a connection and reads the catalog. Flyway resolves
        // the migrations again for every command, so a later command still sees new settings and tables.
        Integer known = checksum;
        if (known == null) {
            known = EffectiveSettingsChecksum.of(configuration, dependsOn());
            checksum = known;
        }
        return known;
    }

    /** Base for the schema-access repeatable. */
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
