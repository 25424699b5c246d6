package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.EffectiveOwners;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.config.PublicationScope;
import dev.cdcready.clickpipes.config.SettingsReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * The checksum of a repeatable bundle migration: a hash of the effective settings, so a new schema, a new table owner
 * or a new table to publish re-runs it. The password is never part of it.
 */
final class EffectiveSettingsChecksum {

    private static final Log LOG = LogFactory.getLog(EffectiveSettingsChecksum.class);

    /** What a repeatable migration depends on. */
    enum Part { SCHEMA_ACCESS, PUBLICATION }

    private EffectiveSettingsChecksum() {
    }

    static Integer of(Configuration configuration, Part part) {
        if (configuration == null) {
            return null;
        }
        ClickPipesSettings settings;
        try {
            settings = SettingsReader.read(configuration.getPlaceholders(), System.getenv());
        } catch (InvalidSettingException e) {
            // The guard refuses such settings with the full message before anything runs.
            return 0;
        }
        String configured = part + "|" + settings.user() + "|" + settings.schemas() + "|" + settings.publication()
                + "|" + settings.scope() + "|" + settings.tables() + "|" + settings.tableOwners();
        return crc(configured + "|" + fromDatabase(configuration.getDataSource(), settings, part));
    }

    private static String fromDatabase(DataSource dataSource, ClickPipesSettings settings, Part part) {
        // Only the schema access and a schemas-scoped publication depend on the catalog; do not open a connection
        // for the others (this runs at every Flyway command, also when nothing is pending).
        boolean readsCatalog = part == Part.SCHEMA_ACCESS || settings.scope() == PublicationScope.SCHEMAS;
        if (dataSource == null || !readsCatalog) {
            return "";
        }
        try (Connection connection = dataSource.getConnection()) {
            Catalog catalog = new Catalog(connection);
            if (part == Part.SCHEMA_ACCESS) {
                String me = catalog.query("read the current role", "SELECT current_user",
                        rs -> rs.next() ? rs.getString(1) : "");
                return EffectiveOwners.resolve(catalog, settings, me).toString();
            }
            if (settings.scope() == PublicationScope.SCHEMAS) {
                return catalog.query("fingerprint the tables to publish", """
                        SELECT pg_catalog.current_setting('server_version_num')::int OPERATOR(pg_catalog.>=) 150000,
                               pg_catalog.md5(coalesce(
                                   pg_catalog.string_agg(c.oid::pg_catalog.text, ',' ORDER BY c.oid), ''))
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                         WHERE n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])
                           AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}')
                        """, rs -> rs.next() ? rs.getBoolean(1) ? "15+" : rs.getString(2) : "",
                        connection.createArrayOf("text", settings.schemas().stream().map(Object::toString).toArray()));
            }
            return "";
        } catch (SQLException | RuntimeException e) {
            LOG.warn("ClickPipes: could not read the database to compute the checksum of " + part
                    + "; using the configured settings only (" + e.getMessage() + ")");
            return "";
        }
    }

    private static int crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
