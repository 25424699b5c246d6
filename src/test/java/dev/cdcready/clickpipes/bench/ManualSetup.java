package dev.cdcready.clickpipes.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.util.PasswordUtil;

/**
 * The two baselines the bundle is measured against, both running the manual guide's statements: CREATE ROLE with a
 * password, per schema GRANT USAGE, GRANT SELECT ON ALL TABLES and ALTER DEFAULT PRIVILEGES, ALTER ROLE … REPLICATION
 * and CREATE PUBLICATION … FOR ALL TABLES. The password goes in as a SCRAM verifier computed here, so the plaintext is
 * in no statement (the server stores a verifier either way).
 */
final class ManualSetup {

    static final String USER = "clickpipes_user";
    static final String PUBLICATION = "clickpipes_publication";
    /** Bare Flyway's history lives in a schema of its own too, so resets and the bundle never meet it. */
    static final String BARE_SCHEMA = "bare_flyway";

    private final List<String> statements;
    private final Path scriptFolder;

    ManualSetup(List<String> schemas, char[] password, Path scriptFolder) {
        // pgjdbc wipes the array it hashes: hand it a copy.
        String verifier = PasswordUtil.encodeScramSha256(password.clone());
        List<String> sql = new ArrayList<>();
        sql.add("CREATE ROLE " + USER + " LOGIN PASSWORD '" + verifier + "'");
        for (String schema : schemas) {
            sql.add("GRANT USAGE ON SCHEMA " + schema + " TO " + USER);
            sql.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + USER);
            sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + USER);
        }
        sql.add("ALTER ROLE " + USER + " REPLICATION");
        sql.add("CREATE PUBLICATION " + PUBLICATION + " FOR ALL TABLES WITH (publish_via_partition_root = true)");
        this.statements = List.copyOf(sql);
        this.scriptFolder = scriptFolder;
        try {
            Files.createDirectories(scriptFolder);
            Files.writeString(scriptFolder.resolve("V1__ClickPipes_manual_setup.sql"),
                    String.join(";\n", sql) + ";\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The floor: every statement over plain JDBC in one transaction. */
    void runOverJdbc(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Plain Flyway (the same flyway-core as the bundle) with the statements as one versioned SQL script. */
    Flyway bareFlyway(DataSource dataSource) {
        return Flyway.configure(ManualSetup.class.getClassLoader())
                .dataSource(dataSource)
                .locations("filesystem:" + scriptFolder.toAbsolutePath())
                .schemas(BARE_SCHEMA)
                .defaultSchema(BARE_SCHEMA)
                .createSchemas(true)
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .load();
    }

    /**
     * Back to the state before any setup, without touching the tables: drops the publication, both history schemas,
     * every privilege granted to clickpipes_user in this database (DROP OWNED) and the role.
     */
    static void reset(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
            statement.execute("DROP SCHEMA IF EXISTS clickpipes_flyway CASCADE");
            statement.execute("DROP SCHEMA IF EXISTS " + BARE_SCHEMA + " CASCADE");
            statement.execute("""
                    DO $$ BEGIN
                      IF EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                        DROP OWNED BY %1$s; DROP ROLE %1$s;
                      END IF;
                    END $$""".formatted(USER));
            // Every setup and reset rewrites the pg_class rows of all tables; without this the catalog bloats from
            // round to round and later runs pay for the earlier ones.
            statement.execute("VACUUM pg_catalog.pg_class, pg_catalog.pg_namespace, pg_catalog.pg_default_acl,"
                    + " pg_catalog.pg_authid, pg_catalog.pg_publication, pg_catalog.pg_publication_rel");
        }
    }
}
