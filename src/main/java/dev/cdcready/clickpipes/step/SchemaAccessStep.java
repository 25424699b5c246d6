package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.EffectiveOwners;
import dev.cdcready.clickpipes.config.Brief;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.ReservedSchemas;
import dev.cdcready.clickpipes.precheck.CheckContext;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The guide's schema-access step: per configured schema USAGE, SELECT on every table, and default privileges so that
 * the tables each owner creates later are readable too. Migrate, plan and verify all start from one {@link #diff}:
 * migrate sends only its statements, plan shows them, verify reports them.
 *
 * <p>The guide's {@code GRANT SELECT ON ALL TABLES IN SCHEMA} scans all of {@code pg_class} once per schema (there is
 * no index on the namespace alone) and rewrites the catalog row of every table, granted before or not. The diff
 * instead reads the configured schemas' tables once, and the grants name only the tables that lack SELECT: a
 * re-apply rewrites nothing, and adding one schema rewrites only that schema's rows. Teardown's {@link #undo} takes
 * away every privilege clickpipes_user holds in the database, whoever granted it.
 */
public final class SchemaAccessStep {

    /** Tables a verification names; it counts the rest. */
    private static final int SAMPLE = Brief.SHOWN;

    /**
     * clickpipes_user's oid; while it does not exist (a plan before the role step ran) 0, which the privilege
     * functions read as PUBLIC: a new role starts with exactly what PUBLIC has, so the plan shows what migrate sends.
     * Looked up by {@code to_regrole} of the quoted name rather than in the {@code pg_roles} view, whose planning costs
     * a new session a millisecond per query.
     */
    static final String USER_OID = """
            u AS (SELECT coalesce(pg_catalog.to_regrole(pg_catalog.quote_ident(?::pg_catalog.text))::pg_catalog.oid,
                                  0::pg_catalog.oid) AS oid)""";

    /** The owners of the tables the pass read: one per group. */
    private static final String OWNERS = """
            a.relowner FROM per_acl a""";

    /**
     * One pass over the configured tables ({@link Catalog#CONFIGURED_RELATIONS}, read again only when something is
     * unreadable, to name it): how many clickpipes_user cannot SELECT from, the first {@code ?} of them by name, and
     * every owner (whose future tables need default privileges).
     *
     * <p>Readable means what {@code has_table_privilege} says, and for these relation kinds its answer depends only on
     * the role, the ACL and the owner: the tables are grouped by owner and ACL, and it is asked once per group, of one
     * of its tables. Asked per table, a new role's first grant cost 10,100 catalog-cache lookups on the benchmark's
     * partitions, all with the same empty ACL. Only when a group is unreadable does a second scan name its tables and
     * sort them, so the pass of every migrate's drift check, with nothing missing, neither tests an ACL per row nor
     * keeps a name (on 100,000 tables: 114 → 62 ms). The owners come from the groups: an aggregate with DISTINCT or
     * ORDER BY over every row made PostgreSQL sort all of them (100,000 rows spilled to disk). A group is found again
     * by owner, whether it has an ACL at all (none means the default, not an empty one) and the ACL: equalities only,
     * so the second scan hashes them rather than comparing each table with every unreadable group of its owner. The
     * {@code OFFSET 0} keeps a small LIMIT from choosing that scan's joins (a nested loop over the schemas, rescanning
     * every unreadable table per schema); only the sort sees it.
     */
    private static final String TABLES = tables(Catalog.CONFIGURED_RELATIONS, null, OWNERS, "");

    /**
     * {@link #TABLES} with what a checkpoint records when every table is readable ({@link TableCheckpoint}): the
     * snapshot's horizon, the owners' oids, the fingerprint, each group's sample with the {@code xmin} of the row this
     * pass read, and the time. Only the verification that ends a migrate asks for them: the fingerprint asks
     * {@code pg_has_role} about every role of the cluster.
     */
    private static final String TABLES_ESTABLISHING = tables(Catalog.CONFIGURED_RELATIONS,
            TableCheckpoint.FINGERPRINT, OWNERS, """
            ,
                   pg_catalog.txid_snapshot_xmin(pg_catalog.txid_current_snapshot()),
                   ARRAY(SELECT DISTINCT a.relowner::pg_catalog.text FROM per_acl a),
                   (SELECT f.value FROM fingerprint f),
                   ARRAY(SELECT a.sample::pg_catalog.text OPERATOR(pg_catalog.||) ':'
                                    OPERATOR(pg_catalog.||) c.xmin::pg_catalog.text
                           FROM per_acl a
                           JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) a.sample),
                   """ + TableCheckpoint.NOW);

    /**
     * {@link #TABLES} over only the configured tables whose {@code pg_class} row a transaction at or after a
     * checkpoint's horizon wrote (see {@link TableCheckpoint}); the owners are theirs and the checkpoint's. The row's
     * {@code xmin} is in its header: the inner scan tests it before reading any column, and only the few rows it keeps
     * are read further — filtered together with the kind, every row's columns were read up to {@code relkind} (on
     * 100,000 tables 42 against 23 ms).
     */
    private static final String TABLES_SINCE = tables(Catalog.configuredRelations("""
            (SELECT c.oid, c.relname, c.relnamespace, c.relkind, c.relowner, c.relacl
               FROM pg_catalog.pg_class c
              WHERE pg_catalog.age(c.xmin) OPERATOR(pg_catalog.<=) (SELECT pg_catalog.age(?::pg_catalog.xid))
             OFFSET 0)"""), null, OWNERS + """

                          UNION
                          SELECT o.oid FROM pg_catalog.unnest(?::pg_catalog.text[]::pg_catalog.oid[]) AS o(oid)
                           WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                                          WHERE r.oid OPERATOR(pg_catalog.=) o.oid)""", "");

    /**
     * @param configured the CTE of the tables to read
     * @param fingerprint the CTE of the fingerprint, or null
     * @param owners a query for the owners' oids (column {@code relowner}), after {@code SELECT}
     * @param extra more columns
     */
    private static String tables(String configured, String fingerprint, String owners, String extra) {
        return "WITH " + USER_OID + ",\n" + configured + """
                ,
                per_acl AS MATERIALIZED (
                    SELECT t.relowner, t.relacl, pg_catalog.min(t.oid) AS sample, pg_catalog.count(*) AS tables
                      FROM configured t
                     GROUP BY t.relowner, t.relacl),
                unreadable AS MATERIALIZED (
                    SELECT a.relowner, a.relacl IS NULL AS default_acl,
                           coalesce(a.relacl, '{}'::pg_catalog.aclitem[]) AS acl, a.tables
                      FROM per_acl a CROSS JOIN u
                     WHERE NOT coalesce(pg_catalog.has_table_privilege(u.oid, a.sample, 'SELECT'), false))"""
                + (fingerprint == null ? "" : ",\n" + fingerprint) + """

                SELECT (SELECT coalesce(pg_catalog.sum(x.tables), 0)::pg_catalog.int8 FROM unreadable x),
                       ARRAY(SELECT pg_catalog.format('%I.%I', y.nspname, y.relname)
                               FROM (SELECT t.nspname, t.relname FROM configured t
                                      WHERE EXISTS (SELECT 1 FROM unreadable)
                                        AND EXISTS (SELECT 1 FROM unreadable x
                                                     WHERE x.relowner OPERATOR(pg_catalog.=) t.relowner
                                                       AND x.default_acl OPERATOR(pg_catalog.=) (t.relacl IS NULL)
                                                       AND x.acl OPERATOR(pg_catalog.=)
                                                           coalesce(t.relacl, '{}'::pg_catalog.aclitem[]))
                                     OFFSET 0) y
                              ORDER BY y.nspname, y.relname LIMIT ?::pg_catalog.int4),
                       ARRAY(SELECT DISTINCT pg_catalog.pg_get_userbyid(o.relowner)::pg_catalog.text
                               FROM (SELECT\s""" + owners + """
                ) o ORDER BY 1)""" + extra;
    }

    private SchemaAccessStep() {
    }

    /**
     * Requires that the migrating role may grant USAGE on every configured schema and act for every table owner.
     *
     * @param context the pre-check's context
     * @param findings where refusals go
     */
    static void require(CheckContext context, List<Finding> findings) {
        if (context.facts().superuser()) {
            return;
        }
        ClickPipesSettings settings = context.settings();
        List<String> schemas = context.catalog().schemasWithoutGrantOption(settings.schemas());
        if (!schemas.isEmpty()) {
            // Like SCHEMA_MISSING: thousands of tenant schemas owned by another role make thousands of names, so the
            // message and the fix name the first few, and check names the next ones once those are granted.
            List<String> shown = Brief.first(schemas);
            boolean cut = shown.size() < schemas.size();
            findings.add(Finding.error(FindingCode.CANNOT_GRANT_SCHEMA,
                    "The migrating role " + context.facts().currentUser() + " may not grant USAGE on "
                            + schemas.size() + " schema(s): " + Brief.names(schemas.size(), shown)
                            + " (it neither owns them nor holds USAGE WITH GRANT OPTION).",
                    (cut ? "As their owner or a superuser, for the first " + shown.size() + ": " : "")
                            + shown.stream().map(s -> "GRANT USAGE ON SCHEMA " + new Identifier(s).quoted() + " TO "
                            + context.migrator() + " WITH GRANT OPTION;").collect(Collectors.joining(" "))
                            + Brief.nextOnes(schemas.size(), shown.size())));
        }
        List<String> owners = EffectiveOwners.resolve(context.catalog(), settings, context.facts().currentUser());
        List<String> notHeld = context.catalog().rolesNotHeld(owners);
        if (!notHeld.isEmpty()) {
            findings.add(Finding.error(FindingCode.NOT_MEMBER_OF_OWNER,
                    "The migrating role " + context.facts().currentUser() + " is not a member of " + String.join(", ",
                            notHeld) + ", which own(s) tables in " + settings.schemasInBrief() + " or is configured in "
                            + "clickpipes_table_owners. Without membership it can neither grant SELECT on their "
                            + "tables nor run ALTER DEFAULT PRIVILEGES FOR ROLE so that their future tables are "
                            + "readable.",
                    notHeld.stream().map(o -> "GRANT " + new Identifier(o).quoted() + " TO " + context.migrator()
                            + ";").collect(Collectors.joining(" "))
                            + " (or name the owners yourself in clickpipes_table_owners)"));
        }
    }

    /**
     * Gives clickpipes_user what it lacks — after the role step's upkeep, which this repeatable migration also carries
     * because the role's versioned migrations never run again.
     *
     * @param step the migration's context; its sink runs the statements or records them for a plan
     */
    public static void apply(StepContext step) {
        RoleStep.maintain(step);
        Identifier user = step.settings().user();
        SchemaAccessDiff diff = diff(step.catalog(), step.settings(), step.facts().currentUser(),
                historyTable(step), Integer.MAX_VALUE);
        step.sql().run("grant read access to " + user, diff.statements(user));
    }

    /**
     * Reports what {@link #apply} would repair.
     *
     * @param catalog the catalog, as the migrating role
     * @param settings the settings
     * @param migrator the migrating role, whose own future tables count as an owner's
     * @return NO_SCHEMA_USAGE, NO_DEFAULT_PRIVILEGES, TABLES_NOT_READABLE; empty when access holds
     */
    public static List<Finding> verify(Catalog catalog, ClickPipesSettings settings, String migrator) {
        return check(catalog, settings, migrator, Optional.empty(), false).findings();
    }

    /**
     * {@link #verify}, reading only the tables whose catalog rows changed since a checkpoint.
     *
     * @param catalog the catalog, as the migrating role
     * @param settings the settings
     * @param migrator the migrating role
     * @param since a checkpoint that still counts ({@link TableCheckpoint#read})
     * @return the findings
     */
    public static List<Finding> verifySince(Catalog catalog, ClickPipesSettings settings, String migrator,
                                            TableCheckpoint since) {
        return check(catalog, settings, migrator, Optional.of(since), false).findings();
    }

    /**
     * What {@link #verify} reports, and what a check that read every table establishes.
     *
     * @param findings NO_SCHEMA_USAGE, NO_DEFAULT_PRIVILEGES, TABLES_NOT_READABLE; empty when access holds
     * @param established present when every configured table was read and found readable
     */
    public record Checked(List<Finding> findings, Optional<TableCheckpoint> established) {
        public Checked {
            findings = List.copyOf(findings);
        }
    }

    /**
     * {@link #verify}, and the checkpoint it establishes when every table is readable.
     *
     * @param catalog the catalog, as the migrating role
     * @param settings the settings
     * @param migrator the migrating role
     * @return the findings, and the checkpoint
     */
    public static Checked establish(Catalog catalog, ClickPipesSettings settings, String migrator) {
        return check(catalog, settings, migrator, Optional.empty(), true);
    }

    private static Checked check(Catalog catalog, ClickPipesSettings settings, String migrator,
                                 Optional<TableCheckpoint> since, boolean establish) {
        SchemaAccessDiff diff = diff(catalog, settings, migrator, false, SAMPLE, since, establish);
        Identifier user = settings.user();
        List<Finding> findings = new ArrayList<>();
        // A new tenant's schemas, or a role dropped and re-created, can lack access in thousands of schemas: the
        // findings name the first few, and spell out the statements only when they are that few.
        List<Identifier> withoutUsage = diff.schemasWithoutUsage();
        if (!withoutUsage.isEmpty()) {
            findings.add(Finding.error(FindingCode.NO_SCHEMA_USAGE, user + " has no USAGE on " + withoutUsage.size()
                    + " schema(s): " + Brief.names(withoutUsage.stream().map(Identifier::value).toList()) + ".",
                    "Run migrate again" + (withoutUsage.size() <= Brief.SHOWN
                            ? ", or: " + String.join("; ", diff.usageGrants(user)) + ";"
                            : " (it grants exactly these).")));
        }
        if (diff.unreadableTotal() > 0) {
            Catalog.Sample sample = new Catalog.Sample(diff.unreadableTotal(), diff.unreadable());
            findings.add(Finding.error(FindingCode.TABLES_NOT_READABLE, user + " cannot SELECT from "
                    + diff.unreadableTotal() + " table(s): " + sample.describe() + ".", "Run migrate again (it "
                    + "grants exactly these)" + (diff.unreadableTotal() == diff.unreadable().size()
                    ? ", or: GRANT SELECT ON TABLE " + String.join(", ", diff.unreadable()) + " TO " + user.quoted()
                    + ";" : ".")));
        }
        if (!diff.missingDefaults().isEmpty()) {
            long pairs = diff.missingDefaults().values().stream().mapToLong(List::size).sum();
            findings.add(Finding.error(FindingCode.NO_DEFAULT_PRIVILEGES, "Tables that some owners create later "
                    + "would not be readable by " + user + ": " + pairs + " owner and schema pair(s) have no default "
                    + "privileges for it.", "Run migrate again" + (pairs <= Brief.SHOWN
                    ? ", or: " + String.join("; ", diff.defaultPrivilegeGrants(user)) + ";"
                    : " (it adds exactly these).")));
        }
        return new Checked(findings, findings.isEmpty() ? diff.checkpoint() : Optional.empty());
    }

    /**
     * The difference between the desired read access and the catalog: three reads, each independent of how much is
     * already granted, and one pass over the configured schemas' tables.
     *
     * @param catalog the catalog, as the migrating role
     * @param settings the settings
     * @param migrator the migrating role
     * @param historyTable whether clickpipes_user must read the bundle's history table (see {@link #historyTable})
     * @param tableLimit how many unreadable tables to name ({@link Integer#MAX_VALUE}: all of them, for an apply)
     * @return what is missing
     */
    public static SchemaAccessDiff diff(Catalog catalog, ClickPipesSettings settings, String migrator,
                                        boolean historyTable, int tableLimit) {
        return diff(catalog, settings, migrator, historyTable, tableLimit, Optional.empty(), false);
    }

    /**
     * @param since read only the tables changed since this checkpoint; empty: every table
     * @param establish read what a checkpoint records too (every table only)
     */
    private static SchemaAccessDiff diff(Catalog catalog, ClickPipesSettings settings, String migrator,
                                         boolean historyTable, int tableLimit, Optional<TableCheckpoint> since,
                                         boolean establish) {
        String user = settings.user().value();
        java.sql.Array schemas = catalog.textArray(settings.schemas().stream().map(Identifier::value).toList());
        // By oid, and the schema's own ACL first (USAGE for the role from the owner, what the bundle's grant writes):
        // a name looked up again for each of 5,000 schemas costs more than the whole answer.
        List<Identifier> withoutUsage = catalog.query("find schemas without USAGE", "WITH " + USER_OID + """
                
                SELECT s FROM pg_catalog.unnest(?::pg_catalog.text[]) AS s CROSS JOIN u
                  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) s
                 WHERE NOT coalesce(pg_catalog.aclcontains(n.nspacl,
                                        pg_catalog.makeaclitem(u.oid, n.nspowner, 'USAGE', false))
                                    OR pg_catalog.has_schema_privilege(u.oid, n.oid, 'USAGE'), false)
                 ORDER BY 1
                """, rs -> identifiers(Catalog.firstColumn(rs)), user, schemas);
        Tables tables = since.isPresent()
                ? catalog.query("read the configured schemas' tables changed since " + since.get().checkedAt(),
                        TABLES_SINCE, Tables::read, user, since.get().xid(), schemas, tableLimit,
                        catalog.textArray(since.get().ownerOids()))
                : establish
                ? catalog.query("read the configured schemas' tables", TABLES_ESTABLISHING, Tables::readEstablishing,
                        user, schemas, schemas, tableLimit)
                : catalog.query("read the configured schemas' tables", TABLES, Tables::read, user, schemas,
                        tableLimit);
        Map<Identifier, List<Identifier>> defaults = missingDefaults(catalog, settings,
                EffectiveOwners.resolve(settings, migrator, tables.owners()), schemas);
        return new SchemaAccessDiff(withoutUsage, tables.unreadable().total(), tables.unreadable().first(), defaults,
                historyTable ? historyGrants(catalog, settings.user()) : List.of(),
                tables.checkpoint());
    }

    /**
     * What the one pass over the tables found: the unreadable ones (all, or the first few), every owner, and — when it
     * read every table and all were readable — the checkpoint that establishes.
     */
    private record Tables(Catalog.Sample unreadable, List<String> owners, Optional<TableCheckpoint> checkpoint) {
        /** {@link #TABLES}' or {@link #TABLES_SINCE}'s row: it establishes nothing. */
        static Tables read(ResultSet rs) throws SQLException {
            rs.next();
            return new Tables(new Catalog.Sample(rs.getLong(1), Catalog.textArray(rs, 2)), Catalog.textArray(rs, 3),
                    Optional.empty());
        }

        /** {@link #TABLES_ESTABLISHING}' row, with the checkpoint's columns. */
        static Tables readEstablishing(ResultSet rs) throws SQLException {
            Tables tables = read(rs);
            Optional<TableCheckpoint> checkpoint = tables.unreadable().total() == 0 && rs.getString(6) != null
                    ? Optional.of(new TableCheckpoint(rs.getLong(4), rs.getString(6), longs(rs, 5),
                            rs.getString(8), Catalog.textArray(rs, 7).stream().map(TableCheckpoint.Sample::parse)
                                    .toList()))
                    : Optional.empty();
            return new Tables(tables.unreadable(), tables.owners(), checkpoint);
        }

        private static List<Long> longs(ResultSet rs, int column) throws SQLException {
            return Catalog.textArray(rs, column).stream().map(Long::valueOf).toList();
        }
    }

    /** Owner and schema pairs without a default privilege giving clickpipes_user SELECT on the owner's new tables. */
    private static Map<Identifier, List<Identifier>> missingDefaults(Catalog catalog, ClickPipesSettings settings,
                                                                     List<String> owners, java.sql.Array schemas) {
        // The default privileges that exist, collected once, then every owner × schema pair without one: a hashed
        // difference on oids, not a lookup per pair (5,000 schemas make 5,000 pairs per owner). The owners' oids are
        // materialized so that each name is resolved once, not once per pair. The bundle's own item (granted by the
        // owner, as ALTER DEFAULT PRIVILEGES FOR ROLE writes it) is found without exploding the ACL; any other
        // grantor's counts too. A clickpipes_user that does not exist yet (oid 0, which would read as PUBLIC) has none.
        return catalog.query("find missing default privileges", "WITH " + USER_OID + """
                ,
                owners AS MATERIALIZED (
                    SELECT w.owner, pg_catalog.to_regrole(pg_catalog.quote_ident(w.owner))::pg_catalog.oid AS oid
                      FROM pg_catalog.unnest(?::pg_catalog.text[]) AS w(owner)),
                present AS (
                    SELECT d.defaclrole, d.defaclnamespace
                      FROM pg_catalog.pg_default_acl d CROSS JOIN u
                     WHERE d.defaclobjtype OPERATOR(pg_catalog.=) 'r'
                       AND u.oid OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
                       AND (pg_catalog.aclcontains(d.defaclacl,
                                pg_catalog.makeaclitem(u.oid, d.defaclrole, 'SELECT', false))
                            OR EXISTS (SELECT 1 FROM pg_catalog.aclexplode(d.defaclacl) a
                                        WHERE a.privilege_type OPERATOR(pg_catalog.=) 'SELECT'
                                          AND a.grantee OPERATOR(pg_catalog.=) u.oid)))
                SELECT o.owner, x.schema
                  FROM owners o
                 CROSS JOIN pg_catalog.unnest(?::pg_catalog.text[]) AS x(schema)
                  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) x.schema
                 WHERE NOT EXISTS (SELECT 1 FROM present p WHERE p.defaclrole OPERATOR(pg_catalog.=) o.oid
                                                            AND p.defaclnamespace OPERATOR(pg_catalog.=) n.oid)
                 ORDER BY 1, 2
                """, rs -> {
                    Map<Identifier, List<Identifier>> missing = new LinkedHashMap<>();
                    while (rs.next()) {
                        missing.computeIfAbsent(new Identifier(rs.getString(1)), o -> new ArrayList<>())
                                .add(new Identifier(rs.getString(2)));
                    }
                    return missing;
                }, settings.user().value(), catalog.textArray(owners), schemas);
    }

    /**
     * A FOR ALL TABLES publication holds the bundle's own history table too, and a CDC client without a table list
     * (Debezium) snapshots every published table: it would fail on one it cannot read. The table holds no secret
     * (SecretsIT), so clickpipes_user may read it rather than the publication holding a table it cannot.
     */
    private static List<String> historyGrants(Catalog catalog, Identifier user) {
        Identifier schema = new Identifier(ReservedSchemas.BUNDLE_HISTORY_SCHEMA);
        Identifier table = new Identifier(ReservedSchemas.BUNDLE_HISTORY_TABLE);
        List<Boolean> lacks = catalog.query("check read access to the bundle's history", "WITH " + USER_OID + """
                
                SELECT NOT coalesce(pg_catalog.has_schema_privilege(u.oid, n.oid, 'USAGE'), false),
                       NOT coalesce(pg_catalog.has_table_privilege(u.oid, c.oid, 'SELECT'), false)
                  FROM u
                  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                  LEFT JOIN pg_catalog.pg_class c ON c.relnamespace OPERATOR(pg_catalog.=) n.oid
                                                 AND c.relname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                """, rs -> {
                    rs.next();
                    return List.of(rs.getBoolean(1), rs.getBoolean(2));
                }, user.value(), schema.value(), table.value());
        List<String> grants = new ArrayList<>();
        if (lacks.get(0)) {
            grants.add("GRANT USAGE ON SCHEMA " + schema.quoted() + " TO " + user.quoted());
        }
        if (lacks.get(1)) {
            grants.add("GRANT SELECT ON TABLE " + schema.quoted() + "." + table.quoted() + " TO " + user.quoted());
        }
        return grants;
    }

    /**
     * Whether the history table is this step's to grant: the executable's Flyway creates it before the step runs (in a
     * plan it does not exist yet but will); a Flyway command line may keep its history elsewhere, and then there is
     * nothing here to grant.
     */
    private static boolean historyTable(StepContext step) {
        return step.sql() instanceof RecordingSink || step.catalog().tableExists(
                ReservedSchemas.BUNDLE_HISTORY_SCHEMA, ReservedSchemas.BUNDLE_HISTORY_TABLE);
    }

    /**
     * Takes away every privilege clickpipes_user holds in this database — on the database, schemas, tables, sequences
     * and in default privileges, made by the bundle, by hand or under other settings. A privilege another grantor gave
     * is revoked as that grantor; where the migrating role cannot act as it, a FOREIGN_GRANTOR blocker says how.
     *
     * @param catalog the catalog
     * @param user clickpipes_user, which exists
     * @param pg16 whether the server is PostgreSQL 16 or newer (membership needs the SET option to act as a grantor)
     * @param blockers where the grants it cannot revoke go
     * @return the REVOKE statements, in order
     */
    public static List<String> undo(Catalog catalog, Identifier user, boolean pg16, List<Finding> blockers) {
        List<String> statements = new ArrayList<>(catalog.query("list the privileges of " + user, PrivilegeRevokes.SQL,
                PrivilegeRevokes::read, user.value()));
        statements.addAll(catalog.query("list the privileges other roles granted to " + user, ForeignGrants.SQL,
                rs -> foreignRevokes(rs, user, blockers), user.value(), pg16));
        return statements;
    }

    private static List<String> foreignRevokes(ResultSet rs, Identifier user, List<Finding> blockers)
            throws SQLException {
        List<String> statements = new ArrayList<>();
        while (rs.next()) {
            String grantor = rs.getString("grantor");
            String revoke = "REVOKE ALL ON " + rs.getString("object") + " FROM " + user.quoted();
            if (rs.getBoolean("can_act")) {
                statements.addAll(List.of("SET ROLE " + grantor, revoke, "RESET ROLE"));
            } else {
                blockers.add(Finding.error(FindingCode.FOREIGN_GRANTOR, "Role " + grantor + " granted privileges on "
                        + rs.getString("object") + " to " + user + "; only " + grantor + " can revoke them, and the "
                        + "migrating role " + rs.getString("migrator") + " cannot SET ROLE to " + grantor + ".",
                        "As " + grantor + " run: " + revoke + "; or let the migrating role act as it: GRANT "
                        + grantor + " TO " + rs.getString("migrator") + "; then teardown again."));
            }
        }
        return statements;
    }

    private static List<Identifier> identifiers(List<String> names) {
        return names.stream().map(Identifier::new).toList();
    }
}
