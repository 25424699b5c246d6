package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.ClickPipesException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a full check of read access established: every configured table visible to its snapshot was readable by
 * clickpipes_user. Migrate writes it, after a verification that read every table passed, as the comment of its history
 * table; the drift check of a later migrate with nothing pending then reads only the {@code pg_class} rows written
 * since — every GRANT, REVOKE, CREATE, ALTER or re-creation of a table writes a new row version, whose {@code xmin} is
 * not older than the check's snapshot's oldest running transaction ({@code horizon}). A row older than that was
 * visible to the check and has not changed since, so it is still readable — as long as nothing outside the row that
 * readability depends on changed: clickpipes_user's oid, superuser flag and the roles whose privileges it has, and
 * which schema each configured name resolves to. Those are the {@code fingerprint}, compared on every read.
 *
 * <p>Trust: the record makes migrate skip reading tables, so it counts only when nobody but the migrating role or a
 * superuser could have written it — the history table's owner is one of them (only a table's owner comments on it) —
 * and only as written: it names the transaction that wrote it, which must be the {@code xmin} of the comment's own
 * {@code pg_description} row, and the {@code xmin} of the history table's own {@code pg_class} row then, which every
 * change of its owner or privileges rewrites. A comment edited by hand, even by the owner, restored into another
 * database or cluster (pg_dump writes it again), or written while another role owned the table is not the one migrate
 * wrote. Such a record, a malformed one, one older than {@value #MAX_AGE} transactions (its horizon must stay
 * comparable with 32-bit {@code xmin}s) or one whose fingerprint differs is ignored, and every table is read.
 *
 * @param horizon the check's snapshot's oldest running transaction (64 bits, with epoch)
 * @param fingerprint what readability depended on outside the tables' rows (see {@link #FINGERPRINT})
 * @param owners the oids of the roles that owned configured tables, whose future tables need default privileges
 * @param checkedAt when the check ran, for people
 * @param samples the tables the check judged each group of tables (same owner and ACL) by, with their rows as it read
 *     them; not recorded, so empty in a checkpoint read back
 */
public record TableCheckpoint(long horizon, String fingerprint, List<Long> owners, String checkedAt,
                              List<Sample> samples) {

    /**
     * A table the check judged a group by, and the {@code xmin} of its {@code pg_class} row in the check's snapshot.
     *
     * @param table the table's oid
     * @param xmin the transaction that wrote the row the check read (32 bits)
     */
    public record Sample(long table, long xmin) {
        /** @param text {@code oid:xmin}, as the check's query returns it */
        static Sample parse(String text) {
            int colon = text.indexOf(':');
            return new Sample(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
        }
    }

    /** Beyond this many transactions a 32-bit {@code xmin} can no longer be ordered against the horizon safely. */
    static final long MAX_AGE = 1_000_000_000L;

    /**
     * A CTE named {@code fingerprint} over the CTE {@code u} (clickpipes_user's oid, 0 when it does not exist) and the
     * configured schemas' names as the parameter {@code ?}: the role's oid and superuser flag, the oids of every role
     * whose privileges it has ({@code pg_has_role … USAGE}, as {@code has_table_privilege} counts them) and the oid each
     * configured name resolves to, hashed. Null when the role does not exist.
     */
    static final String FINGERPRINT = """
            fingerprint AS (
                SELECT CASE WHEN u.oid OPERATOR(pg_catalog.<>) 0::pg_catalog.oid THEN pg_catalog.encode(
                           pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.concat_ws('|', 'v1', u.oid,
                               (SELECT pg_catalog.concat_ws('|',
                                           pg_catalog.bool_or(r.rolsuper)
                                               FILTER (WHERE r.oid OPERATOR(pg_catalog.=) u.oid),
                                           pg_catalog.string_agg(r.oid::pg_catalog.text, ',' ORDER BY r.oid)
                                               FILTER (WHERE pg_catalog.pg_has_role(u.oid, r.oid, 'USAGE')))
                                  FROM pg_catalog.pg_roles r),
                               (SELECT pg_catalog.string_agg(coalesce(n.oid::pg_catalog.text, '-'), ',' ORDER BY s.i)
                                  FROM pg_catalog.unnest(?::pg_catalog.text[]) WITH ORDINALITY AS s(name, i)
                                  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) s.name)),
                               'UTF8')), 'hex') END AS value
                  FROM u)""";

    /**
     * Whether every group's sample (oids, then the {@code xmin}s of their rows as the check read them) still has that
     * row. {@code has_table_privilege} judged each group by its sample as the catalog was at that moment, not as the
     * check's snapshot saw it: a sample granted or revoked meanwhile would have judged its group by an ACL the group's
     * other tables do not have, and those keep their old rows. Any such change committed before this later statement
     * and wrote a new row version — by a transaction the snapshot did not see, so with another {@code xmin}; a dropped
     * sample is missing. A transaction older than migrate's grants that is still open does not stand in the way: it
     * only makes the horizon older.
     */
    private static final String SAMPLES_AS_READ = """
            SELECT NOT EXISTS (
                SELECT 1 FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]::pg_catalog.oid[]),
                                         pg_catalog.unnest(?::pg_catalog.text[])) AS s(oid, xmin)
                  LEFT JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) s.oid
                 WHERE c.oid IS NULL OR c.xmin::pg_catalog.text OPERATOR(pg_catalog.<>) s.xmin)""";

    /** The fields of the record, in the order it spells them, each with what its value may be. */
    private enum Field {
        HORIZON("horizon", "\\d+"),
        WRITTEN_BY("written-by", "\\d+"),
        TABLE("table", "\\d+"),
        FINGERPRINT("fingerprint", "[0-9a-f]{64}"),
        OWNERS("owners", "[0-9,]*"),
        AT("at", "[0-9 :-]+ UTC");

        private final String key;
        private final String value;

        Field(String key, String value) {
            this.key = key;
            this.value = value;
        }
    }

    private static final String RECORD_START = "[clickpipes-checkpoint v1 ";

    /** The parts of the comment the bundle reads back, at its end; the words before them are for people. */
    private static final Pattern RECORD = Pattern.compile(Pattern.quote(RECORD_START) + Arrays.stream(Field.values())
            .map(field -> field.key + "=(" + field.value + ")").collect(Collectors.joining(" ")) + "]$");

    /** When a check ran, the same whatever the session's DateStyle and time zone. */
    static final String NOW = "pg_catalog.to_char(pg_catalog.statement_timestamp() AT TIME ZONE 'UTC', "
            + "'YYYY-MM-DD HH24:MI:SS') OPERATOR(pg_catalog.||) ' UTC'";

    /**
     * The record, the transaction that wrote its row (32 bits, as {@code xmin}), whether the history table's owner is
     * trusted, the current fingerprint, the next transaction id (64 bits), the {@code xmin} of the history table's
     * {@code pg_class} row and whether the current role may comment on the table (it has its owner's privileges).
     */
    private static final String READ = "WITH " + SchemaAccessStep.USER_OID + ",\n" + FINGERPRINT + """
            ,
            history AS (
                SELECT c.oid, c.xmin::pg_catalog.text AS row_xmin,
                       pg_catalog.pg_has_role(c.relowner, 'USAGE') AS may_comment,
                       pg_catalog.pg_get_userbyid(c.relowner) OPERATOR(pg_catalog.=) current_user
                           OR coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r
                                         WHERE r.oid OPERATOR(pg_catalog.=) c.relowner), false) AS trusted
                  FROM pg_catalog.pg_class c
                  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                 WHERE n.nspname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                   AND c.relname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                   AND c.relkind OPERATOR(pg_catalog.=) 'r')
            SELECT d.description, d.xmin::pg_catalog.text, h.trusted, f.value,
                   pg_catalog.txid_snapshot_xmax(pg_catalog.txid_current_snapshot()), h.row_xmin, h.may_comment
              FROM history h CROSS JOIN fingerprint f
              LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) h.oid
                                                   AND d.classoid OPERATOR(pg_catalog.=)
                                                       'pg_catalog.pg_class'::pg_catalog.regclass
                                                   AND d.objsubid OPERATOR(pg_catalog.=) 0
            """;

    public TableCheckpoint {
        owners = List.copyOf(owners);
        samples = List.copyOf(samples);
        // Both are written into the comment's literal: only what the bundle's own query produces.
        if (!fingerprint.matches(Field.FINGERPRINT.value) || !checkedAt.matches(Field.AT.value)) {
            throw new IllegalArgumentException("not a checkpoint: " + fingerprint + " at " + checkedAt);
        }
    }

    /**
     * @param catalog the catalog, as the migrating role
     * @param schema the history table's schema
     * @param table the history table
     * @param settings the settings
     * @return the checkpoint recorded on the history table, when it still counts (see the class comment)
     */
    public static Optional<TableCheckpoint> read(Catalog catalog, String schema, String table,
                                                 ClickPipesSettings settings) {
        return catalog.query("read the read-access checkpoint of " + schema + "." + table, READ, rs -> {
            if (!rs.next() || rs.getString(1) == null || !rs.getBoolean(3) || rs.getString(4) == null) {
                return Optional.empty();
            }
            Matcher m = RECORD.matcher(rs.getString(1));
            if (!m.find()) {
                return Optional.empty();
            }
            Function<Field, String> field = f -> m.group(f.ordinal() + 1);
            if (!Long.toString(Long.parseLong(field.apply(Field.WRITTEN_BY)) & 0xFFFF_FFFFL).equals(rs.getString(2))
                    || !field.apply(Field.TABLE).equals(rs.getString(6))
                    || !field.apply(Field.FINGERPRINT).equals(rs.getString(4))) {
                return Optional.empty();
            }
            long horizon = Long.parseLong(field.apply(Field.HORIZON));
            long age = rs.getLong(5) - horizon;
            if (age < 0 || age > MAX_AGE) {
                return Optional.empty();
            }
            String ownerList = field.apply(Field.OWNERS);
            List<Long> owners = ownerList.isEmpty() ? List.of()
                    : Arrays.stream(ownerList.split(",")).map(Long::valueOf).toList();
            return Optional.of(new TableCheckpoint(horizon, field.apply(Field.FINGERPRINT), owners,
                    field.apply(Field.AT), List.of()));
        }, settings.user().value(), schemas(catalog, settings), schema, table);
    }

    /**
     * Records this checkpoint on the history table, when its owner is the migrating role or a superuser (otherwise
     * nothing is written, and later runs read every table).
     *
     * @param connection a connection as the migrating role
     * @param schema the history table's schema
     * @param table the history table
     * @param settings the settings the check ran with
     * @return whether it was written
     */
    public boolean write(Connection connection, String schema, String table, ClickPipesSettings settings) {
        Catalog catalog = new Catalog(connection);
        try {
            boolean autoCommit = connection.getAutoCommit();
            // The transaction id the record names must be the one that writes it: one transaction for both.
            connection.setAutoCommit(false);
            try {
                boolean written = write(connection, catalog, schema, table, settings);
                if (autoCommit) {
                    connection.commit();
                }
                return written;
            } catch (RuntimeException | SQLException e) {
                if (autoCommit) {
                    connection.rollback();
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new ClickPipesException("Could not record the read-access checkpoint on " + schema + "." + table
                    + ": " + e.getMessage(), e);
        }
    }

    private boolean write(Connection connection, Catalog catalog, String schema, String table,
                          ClickPipesSettings settings) throws SQLException {
        // Not trusted, not the migrating role's to comment on, or the fingerprint changed since the check (its result
        // may not hold for the new one): nothing is written.
        Optional<String> tableXmin = catalog.query("read the history table " + schema + "." + table, READ,
                rs -> rs.next() && rs.getBoolean(3) && rs.getBoolean(7) && fingerprint.equals(rs.getString(4))
                        ? Optional.of(rs.getString(6)) : Optional.<String>empty(),
                settings.user().value(), schemas(catalog, settings), schema, table);
        if (tableXmin.isEmpty() || !catalog.query("confirm the tables the check judged by", SAMPLES_AS_READ,
                rs -> rs.next() && rs.getBoolean(1),
                catalog.textArray(samples.stream().map(sample -> String.valueOf(sample.table())).toList()),
                catalog.textArray(samples.stream().map(sample -> String.valueOf(sample.xmin())).toList()))) {
            return false;
        }
        long writtenBy = catalog.query("take a transaction id", "SELECT pg_catalog.txid_current()",
                rs -> rs.next() ? rs.getLong(1) : 0L);
        String comment = "ClickPipes: migrate verified at " + checkedAt + " that clickpipes_user could read every "
                + "table of the configured schemas; later runs with nothing pending read only the catalog rows written "
                + "since. Edited or copied, this record is ignored and every table is read. "
                + record(Map.of(Field.HORIZON, String.valueOf(horizon), Field.WRITTEN_BY, String.valueOf(writtenBy),
                        Field.TABLE, tableXmin.get(), Field.FINGERPRINT, fingerprint,
                        Field.OWNERS, owners.stream().map(String::valueOf).collect(Collectors.joining(",")),
                        Field.AT, checkedAt));
        try (Statement statement = connection.createStatement()) {
            // Digits, hex, commas, a timestamp and fixed words (see the constructor): nothing to escape.
            statement.execute("COMMENT ON TABLE " + new Identifier(schema).quoted() + "."
                    + new Identifier(table).quoted() + " IS '" + comment + "'");
        }
        return true;
    }

    /** @return the record {@link #RECORD} reads back, every field in its place */
    private static String record(Map<Field, String> values) {
        return RECORD_START + Arrays.stream(Field.values()).map(field -> field.key + "=" + values.get(field))
                .collect(Collectors.joining(" ")) + "]";
    }

    private static java.sql.Array schemas(Catalog catalog, ClickPipesSettings settings) {
        return catalog.textArray(settings.schemas().stream().map(Identifier::value).toList());
    }

    /** @return {@code horizon} as the 32-bit transaction id that {@code xmin} holds */
    String xid() {
        return Long.toString(horizon & 0xFFFF_FFFFL);
    }

    /** @return the owners as an {@code oid[]} literal's elements, for a text[] parameter */
    List<String> ownerOids() {
        return owners.stream().map(String::valueOf).toList();
    }
}
