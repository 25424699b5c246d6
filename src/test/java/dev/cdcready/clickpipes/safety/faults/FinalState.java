package dev.cdcready.clickpipes.safety.faults;

import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a finished bundle run leaves in one database, comparable across databases and servers: the
 * {@link CatalogSnapshot} narrowed to this test's clickpipes_user (roles are cluster-wide, and other tests create
 * theirs on a shared server) with namespace OIDs replaced by names, clickpipes_user's attributes, and the history
 * table's rows as (version, description, script, type, checksum, success) in order.
 *
 * @param snapshot the catalog snapshot, normalised
 * @param role     clickpipes_user's attributes: login, replication, superuser, SCRAM password
 * @param history  the history table's rows
 */
public record FinalState(CatalogSnapshot snapshot, String role, List<String> history) {

    private static final Pattern OID = Pattern.compile("\\b\\d+\\b");

    /** Reads the state of {@code database} as superuser; {@code user} is the run's clickpipes_user. */
    public static FinalState read(TestServer server, String database, String user) throws SQLException {
        try (Connection connection = server.superuser(database)) {
            CatalogSnapshot raw = CatalogSnapshot.take(connection);
            Map<String, String> namespaces = namespaces(connection);
            CatalogSnapshot snapshot = new CatalogSnapshot(
                    raw.roles().stream().filter(user::equals).toList(),
                    raw.memberships().stream().filter(line -> line.contains(user)).toList(),
                    // Temporary schemas come and go with sessions; they are no part of what the bundle leaves.
                    raw.schemas().stream().filter(name -> !name.startsWith("pg_temp_")
                            && !name.startsWith("pg_toast_temp_")).toList(),
                    raw.grants(), raw.publications(), raw.publishedTables(),
                    map(raw.defaultAcls(), line -> replace(line, namespaces)),
                    raw.historySchemaExists(), raw.historyTableExists());
            return new FinalState(snapshot, role(connection, user), history(connection));
        }
    }

    private static Map<String, String> namespaces(Connection connection) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT oid::text, nspname FROM pg_catalog.pg_namespace")) {
            while (rs.next()) {
                names.put(rs.getString(1), rs.getString(2));
            }
        }
        return names;
    }

    /** The default ACL lines carry the namespace as an OID, which differs from database to database. */
    private static String replace(String line, Map<String, String> namespaces) {
        Matcher matcher = OID.matcher(line);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(namespaces.getOrDefault(matcher.group(),
                    matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String role(Connection connection, String user) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT format('login=%s replication=%s super=%s scram=%s', rolcanlogin, rolreplication, rolsuper,"
                        + " rolpassword LIKE 'SCRAM-SHA-256$%') FROM pg_catalog.pg_authid WHERE rolname = ?")) {
            statement.setString(1, user);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : "absent";
            }
        }
    }

    private static List<String> history(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        String sql = "SELECT format('%s | %s | %s | %s | %s | %s', version, description, script, type, checksum,"
                + " success) FROM clickpipes_flyway.clickpipes_schema_history ORDER BY installed_rank";
        try (Statement statement = connection.createStatement()) {
            if (!exists(statement)) {
                return rows;
            }
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    private static boolean exists(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT to_regclass('clickpipes_flyway.clickpipes_schema_history') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static List<String> map(List<String> lines, Function<String, String> f) {
        return lines.stream().map(f).toList();
    }
}
