package dev.cdcready.clickpipes.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the {@code pg_class} rows a run rewrote: every GRANT, REVOKE or DDL on a relation writes a new version of its
 * row, whose {@code xmin} is the writing transaction. Rows with an {@code xmin} after a mark taken before the run were
 * written by it. The benchmark's databases are fresh, so no transaction id wraps around and the 32-bit {@code xmin}
 * compares with the mark as a number. In-place updates (VACUUM, ANALYZE statistics) keep {@code xmin} and are not
 * counted, which is right: they do not bloat the catalog.
 */
final class CatalogWrites {

    /** How many rewritten rows the log names, to show where they were. */
    private static final int NAMED = 5;

    /**
     * @param outside rows rewritten outside the given schema
     * @param inside rows rewritten inside it
     * @param someOutside the first few rewritten relations outside it (schema.name)
     */
    record Rewrites(long outside, long inside, List<String> someOutside) {
        Rewrites {
            someOutside = List.copyOf(someOutside);
        }
    }

    private CatalogWrites() {
    }

    /**
     * Takes the mark in a transaction of its own (it gets the newest transaction id; every later write is newer).
     *
     * @param connection an autocommit connection to the measured database
     * @return the mark
     */
    static long mark(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_catalog.txid_current() AS mark")) {
            rs.next();
            return rs.getLong("mark");
        }
    }

    /**
     * @param connection a connection to the measured database
     * @param mark from {@link #mark}, before the run
     * @param schema the schema counted apart (the new one); a name that does not exist counts every row as outside
     * @return the rows of {@code pg_class} rewritten since the mark
     */
    static Rewrites since(Connection connection, long mark, String schema) throws SQLException {
        String newer = "c.xmin::pg_catalog.text::pg_catalog.int8 OPERATOR(pg_catalog.>) ?::pg_catalog.int8";
        String inSchema = "c.relnamespace OPERATOR(pg_catalog.=) (SELECT n.oid FROM pg_catalog.pg_namespace n"
                + " WHERE n.nspname OPERATOR(pg_catalog.=) ?::pg_catalog.text)";
        long outside;
        long inside;
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT pg_catalog.count(*) FILTER (WHERE NOT coalesce(" + inSchema + ", false)) AS outside,"
                        + " pg_catalog.count(*) FILTER (WHERE coalesce(" + inSchema + ", false)) AS inside"
                        + " FROM pg_catalog.pg_class c WHERE " + newer)) {
            count.setString(1, schema);
            count.setString(2, schema);
            count.setLong(3, mark);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                outside = rs.getLong("outside");
                inside = rs.getLong("inside");
            }
        }
        List<String> named = new ArrayList<>();
        try (PreparedStatement some = connection.prepareStatement(
                "SELECT c.relnamespace::pg_catalog.regnamespace::pg_catalog.text OPERATOR(pg_catalog.||) '.'"
                        + " OPERATOR(pg_catalog.||) c.relname AS name FROM pg_catalog.pg_class c"
                        + " WHERE " + newer + " AND NOT coalesce(" + inSchema + ", false)"
                        + " ORDER BY c.oid LIMIT " + NAMED)) {
            some.setLong(1, mark);
            some.setString(2, schema);
            try (ResultSet rs = some.executeQuery()) {
                while (rs.next()) {
                    named.add(rs.getString("name"));
                }
            }
        }
        return new Rewrites(outside, inside, named);
    }
}
