package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.Brief;
import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Secret;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * PeerDB's own per-table validation, run the way a pipe runs it: logged in as clickpipes_user, {@code SELECT * FROM t
 * LIMIT 0} on each table the publication holds. One statement — a server-side loop over at most
 * {@value #MAX_TABLES} published tables, in name order — whatever the number of tables, so verify's statement count
 * stays constant. It reads no row.
 *
 * <p>The tables come from {@link Catalog#publishedRelations}, not from {@code pg_publication_tables}: the view builds
 * every table's column list, opening each table, so in the probe's new session it cost 1.3 s on 100,000 tables before
 * the first probe ran (the whole probe 1.6 s; 0.2 s this way).
 */
final class ValidationProbe {

    static final int MAX_TABLES = 1000;

    /**
     * Every name and operator qualified: this runs in clickpipes_user's session, whose search_path the bundle does
     * not choose. The failures come back as one exception message. Each table's block ends in an exception even when
     * its SELECT worked ({@code CPOK0}), so the block's subtransaction rolls back and releases its locks: a SELECT on
     * a partitioned table locks every partition and index, and a thousand of them held to the end of the one
     * transaction ran out of lock table ("out of shared memory") on a healthy setup.
     */
    private static final String PROBE = """
            DO $clickpipes$
            DECLARE
                r record;
                failures pg_catalog.int4 := 0;
                failed pg_catalog.text[] := '{}';
            BEGIN
                FOR r IN SELECT n.nspname AS schemaname, t.relname AS tablename FROM (%s) t
                           JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.relnamespace
                          ORDER BY 1, 2 LIMIT %d LOOP
                    BEGIN
                        EXECUTE pg_catalog.format('SELECT * FROM %%I.%%I LIMIT 0', r.schemaname, r.tablename);
                        RAISE SQLSTATE 'CPOK0';
                    EXCEPTION
                        WHEN SQLSTATE 'CPOK0' THEN NULL;
                        WHEN OTHERS THEN
                            failures := failures OPERATOR(pg_catalog.+) 1;
                            IF failures OPERATOR(pg_catalog.<=) %d THEN
                                failed := failed OPERATOR(pg_catalog.||)
                                          pg_catalog.format('%%I.%%I (%%s)', r.schemaname, r.tablename, SQLERRM);
                            END IF;
                    END;
                END LOOP;
                -- How many failed, then the first few, one unit separator apart (an error message may hold commas).
                IF failures OPERATOR(pg_catalog.>) 0 THEN
                    RAISE EXCEPTION 'clickpipes-probe: %% %%', failures, pg_catalog.array_to_string(failed, E'\\x1f');
                END IF;
            END
            $clickpipes$
            """;

    private ValidationProbe() {
    }

    /**
     * @param url the JDBC URL the operator gave
     * @param settings the settings; the password is read from its source (not tried without one: ReplicationLogin
     *     already says so)
     * @return a finding when a published table fails the probe, or the login does
     */
    static Optional<Finding> run(String url, ClickPipesSettings settings) {
        if (!settings.password().isConfigured()) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.setProperty("user", settings.user().value());
        properties.setProperty("connectTimeout", "10");
        // Read-only like the rest of verify, and nothing of clickpipes_user's own search_path in the probe.
        properties.setProperty("options", "-c search_path=pg_catalog -c default_transaction_read_only=on");
        try (Secret secret = settings.password().read()) {
            properties.setProperty("password", new String(secret.chars()));
            try (Connection connection = DriverManager.getConnection(JdbcUrl.forAnotherRole(url), properties);
                 Statement statement = connection.createStatement()) {
                String published = Catalog.publishedRelations(literal(settings.publication().value()));
                statement.execute(PROBE.formatted(published, MAX_TABLES, Brief.SHOWN));
                return Optional.empty();
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            int at = message.indexOf("clickpipes-probe: ");
            if (at < 0) {
                // The login itself failed: ReplicationLogin reports that, with its causes and fixes.
                return Optional.empty();
            }
            String[] counted = message.substring(at + "clickpipes-probe: ".length()).lines().findFirst().orElse("")
                    .split(" ", 2);
            int failures = Integer.parseInt(counted[0]);
            String failed = Brief.names(failures, List.of(counted[1].split("\u001f")));
            return Optional.of(Finding.error(FindingCode.VALIDATION_PROBE_FAILED, "As " + settings.user() + ", ClickPipes' "
                    + "validation (SELECT * FROM <table> LIMIT 0 for each table of publication "
                    + settings.publication() + ") fails on " + failures + " table(s): " + failed
                    + ". A pipe that includes them does not start.",
                    "Add their schemas to clickpipes_schemas and run migrate again, or for each table t in schema s: "
                            + "GRANT USAGE ON SCHEMA s TO " + settings.user().quoted() + "; GRANT SELECT ON s.t TO "
                            + settings.user().quoted() + ";"));
        } finally {
            properties.remove("password");
        }
    }

    /** An escape-string literal, the same whatever standard_conforming_strings says. */
    private static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
