package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.config.Brief;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.QualifiedTable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Read-only catalog queries. Each is one round trip whatever the number of tables: names travel as array parameters,
 * never in SQL text.
 */
public final class Catalog {

    /**
     * The configured tables, as two parallel text[] parameters (schemas, names). An EXISTS with qualified {@code =},
     * as IN would use whatever {@code =} the search_path finds; ROWS FROM, as a qualified unnest takes one array.
     */
    private static final String LISTED_TABLES = "EXISTS (SELECT 1 FROM ROWS FROM ("
            + "pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) AS l(s, t) "
            + "WHERE n.nspname OPERATOR(pg_catalog.=) l.s "
            + "AND c.relname OPERATOR(pg_catalog.=) l.t)";

    /**
     * The relations publication {@code ?} holds, by oid, as PostgreSQL itself decides (partitions or their root, FOR
     * ALL TABLES, TABLES IN SCHEMA); no rows when it does not exist. See {@link #publishedRelations}.
     */
    public static final String PUBLISHED_RELIDS = "SELECT r.relid FROM (" + publishedRelations("?::pg_catalog.text")
            + ") r";

    /**
     * A FOR ALL TABLES publication's relations by PostgreSQL's own rule (GetAllTablesPublicationRelations), as a
     * condition on {@code pg_class c} and the publication's {@code p.viaroot}: permanent tables from
     * FirstNormalObjectId on (below it are the system catalogs), partitions included; with publish_via_partition_root
     * the tables and partitioned tables that are not partitions instead.
     * {@code pg_get_publication_tables} opens every table to list its columns (16+): in a new session on 100,000
     * tables 1.2–1.8 s, against 0.1 s for the rule.
     */
    private static final String PUBLISHED_BY_ALL_TABLES = """
            c.relpersistence OPERATOR(pg_catalog.=) 'p' AND c.oid OPERATOR(pg_catalog.>=) 16384::pg_catalog.oid
            AND CASE WHEN p.viaroot THEN c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}') AND NOT c.relispartition
                     ELSE c.relkind OPERATOR(pg_catalog.=) 'r' END""";

    /**
     * The relations a publication holds — {@code relid}, {@code relnamespace}, {@code relname} — a FOR ALL TABLES
     * publication's by {@link #PUBLISHED_BY_ALL_TABLES}, any other's from {@code pg_get_publication_tables} (its listed
     * tables and schemas only). Each branch runs only for its kind of publication (a one-time filter). The names come
     * with the oids because joining 100,000 oids back to {@code pg_class} cost 0.35 s of index lookups (the planner
     * cannot estimate the function's rows). publish_via_partition_root is read through jsonb, as 12 lacks the column;
     * the {@code OFFSET 0} keeps that from being evaluated for every table.
     *
     * @param publication a SQL expression for the publication's name ({@code ?::pg_catalog.text}, or a literal)
     * @return a query with those three columns
     */
    public static String publishedRelations(String publication) {
        return """
                SELECT gpt.relid, gpt.relnamespace, gpt.relname
                  FROM (SELECT p.pubname, p.puballtables,
                               coalesce((pg_catalog.to_jsonb(p) OPERATOR(pg_catalog.->>) 'pubviaroot')::pg_catalog.bool,
                                        false) AS viaroot
                          FROM pg_catalog.pg_publication p OFFSET 0) p,
                       LATERAL (SELECT c.oid AS relid, c.relnamespace, c.relname FROM pg_catalog.pg_class c
                                 WHERE p.puballtables AND %s
                                UNION ALL
                                SELECT c.oid, c.relnamespace, c.relname
                                  FROM pg_catalog.pg_get_publication_tables(p.pubname::pg_catalog.text) g
                                  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) g.relid
                                 WHERE NOT p.puballtables) gpt
                 WHERE p.pubname OPERATOR(pg_catalog.=) %s""".formatted(PUBLISHED_BY_ALL_TABLES, publication);
    }

    /**
     * A CTE named {@code configured}: the relations the schema-access step covers — tables, partitioned tables, views,
     * materialized views and foreign tables — of the schemas in its one parameter (a text[]), with the columns its
     * questions need. Not materialized: each reader scans it in its own plan.
     */
    public static final String CONFIGURED_RELATIONS = configuredRelations("pg_catalog.pg_class");

    /**
     * @param classRows {@code pg_class} or a subquery of some of its rows, with at least the columns used here
     * @return {@link #CONFIGURED_RELATIONS} over those rows
     */
    public static String configuredRelations(String classRows) {
        return """
                configured AS NOT MATERIALIZED (
                    SELECT n.nspname, c.relname, c.relowner, c.relacl, c.oid
                      FROM %s c
                      JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                     WHERE n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])
                       AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m,f}'))""".formatted(classRows);
    }

    private final Connection connection;

    /**
     * The condition that role {@code role} may SELECT from relation {@code rel} (SQL expressions: the role's oid, a
     * {@code pg_class} alias). The row's own ACL answers first (SELECT for the role from the owner);
     * {@code has_table_privilege} is asked only otherwise, as it looks each table up in the catalog cache again (most
     * of a pass over 100,000 tables). OR stops at the first true operand.
     *
     * @return the condition, never null
     */
    public static String canSelect(String role, String rel) {
        return "(" + aclGrantsSelect(role, rel) + " OR coalesce(pg_catalog.has_table_privilege(%1$s, %2$s.oid, "
                .formatted(role, rel) + "'SELECT'), false))";
    }

    /** Relation {@code rel}'s own ACL holds SELECT for {@code role} from the owner, as the bundle's grants write. */
    private static String aclGrantsSelect(String role, String rel) {
        return "coalesce(pg_catalog.aclcontains(%2$s.relacl, pg_catalog.makeaclitem(%1$s, %2$s.relowner, 'SELECT', "
                .formatted(role, rel) + "false)), false)";
    }

    /** @param connection an open connection; not closed by this class */
    public Catalog(Connection connection) {
        this.connection = connection;
    }

    /** @return the role's attributes, or {@link RoleInfo#MISSING} */
    public RoleInfo role(Identifier role) {
        String sql = """
                SELECT r.rolcanlogin, r.rolsuper, r.rolreplication,
                       EXISTS (SELECT 1 FROM pg_catalog.pg_roles g
                                WHERE g.rolname OPERATOR(pg_catalog.=) 'rds_replication'
                                  AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')),
                       coalesce(r.rolvaliduntil OPERATOR(pg_catalog.<) pg_catalog.now(), false)
                  FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                """;
        return query("read role " + role, sql, rs -> rs.next()
                ? new RoleInfo(true, rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getBoolean(5))
                : RoleInfo.MISSING, role.value());
    }

    /** @return those of {@code names} that are not existing roles */
    public List<String> missingRoles(Collection<Identifier> names) {
        return strings("look up roles", """
                SELECT n FROM pg_catalog.unnest(?::pg_catalog.text[]) WITH ORDINALITY AS u(n, i)
                 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) n)
                 ORDER BY i
                """, array(names));
    }

    /** @return whether table {@code schema.table} exists */
    public boolean tableExists(String schema, String table) {
        return query("look for table " + schema + "." + table, "SELECT pg_catalog.to_regclass(pg_catalog.format("
                        + "'%I.%I', ?::pg_catalog.text, ?::pg_catalog.text)) IS NOT NULL",
                rs -> rs.next() && rs.getBoolean(1), schema, table);
    }

    /** @return those of {@code schemas} that do not exist */
    public List<String> missingSchemas(Collection<Identifier> schemas) {
        return strings("look up schemas", """
                SELECT n FROM pg_catalog.unnest(?::pg_catalog.text[]) WITH ORDINALITY AS u(n, i)
                 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) n)
                 ORDER BY i
                """, array(schemas));
    }

    /** @return those of {@code tables} that do not exist (as tables, partitioned tables or views) */
    public List<String> missingTables(Collection<QualifiedTable> tables) {
        return strings("look up tables", """
                SELECT pg_catalog.concat_ws('.', s, t)
                  FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[]))
                       WITH ORDINALITY AS u(s, t, i)
                 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n
                                                 ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                                   WHERE n.nspname OPERATOR(pg_catalog.=) s AND c.relname OPERATOR(pg_catalog.=) t
                                     AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}'))
                 ORDER BY i
                """, schemaArray(tables), tableArray(tables));
    }

    /** @return the distinct owners of the relations the schema-access step covers in {@code schemas}, sorted */
    public List<String> tableOwners(Collection<Identifier> schemas) {
        return strings("find table owners", "WITH " + CONFIGURED_RELATIONS + """
                
                -- Distinct owners first: a name per table would be looked up 100,000 times.
                SELECT pg_catalog.pg_get_userbyid(o.relowner) AS owner
                  FROM (SELECT DISTINCT t.relowner FROM configured t) o
                 ORDER BY owner
                """, array(schemas));
    }

    /** @return those of {@code roles} whose privileges the migrating role does not have (not a member) */
    public List<String> rolesNotHeld(Collection<String> roles) {
        return strings("check role memberships", """
                SELECT n FROM pg_catalog.unnest(?::pg_catalog.text[]) WITH ORDINALITY AS u(n, i)
                 WHERE NOT pg_catalog.pg_has_role(current_user,
                           (SELECT oid FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) n), 'USAGE')
                 ORDER BY i
                """, textArray(roles));
    }

    /** @return whether the migrating role holds {@code role} WITH ADMIN OPTION (or is superuser) */
    public boolean holdsWithAdminOption(String role) {
        return query("check admin option on " + role, """
                SELECT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles
                                  WHERE rolname OPERATOR(pg_catalog.=) current_user), false)
                    OR coalesce(pg_catalog.pg_has_role(current_user,
                                    (SELECT oid FROM pg_catalog.pg_roles
                                      WHERE rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text),
                                    'MEMBER WITH ADMIN OPTION'), false)
                """, rs -> rs.next() && rs.getBoolean(1), role);
    }

    /** @return whether the migrating role has CREATEROLE */
    public boolean canCreateRoles() {
        return query("check CREATEROLE", "SELECT rolcreaterole FROM pg_catalog.pg_roles"
                        + " WHERE rolname OPERATOR(pg_catalog.=) current_user",
                rs -> rs.next() && rs.getBoolean(1));
    }

    /** @return whether the migrating role is a member of {@code role} */
    public boolean isMemberOf(String role) {
        return query("check membership in " + role, """
                SELECT coalesce(pg_catalog.pg_has_role(current_user,
                                    (SELECT oid FROM pg_catalog.pg_roles
                                      WHERE rolname OPERATOR(pg_catalog.=) ?::pg_catalog.text), 'MEMBER'),
                                false)
                """, rs -> rs.next() && rs.getBoolean(1), role);
    }

    /** @return the schemas among {@code schemas} on which the migrating role may not grant USAGE */
    public List<String> schemasWithoutGrantOption(Collection<Identifier> schemas) {
        return strings("check schema grant options", """
                SELECT n.nspname FROM pg_catalog.pg_namespace n
                 WHERE n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])
                   AND NOT pg_catalog.has_schema_privilege(current_user, n.oid, 'USAGE WITH GRANT OPTION')
                   AND NOT pg_catalog.pg_has_role(current_user, n.nspowner, 'USAGE')
                 ORDER BY 1
                """, array(schemas));
    }

    /** @return the publication's state, or {@link PublicationInfo#MISSING} */
    public PublicationInfo publication(Identifier name, boolean hasSchemaPublications) {
        String schemas = hasSchemaPublications
                ? "ARRAY(SELECT n.nspname::pg_catalog.text FROM pg_catalog.pg_publication_namespace pn "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) pn.pnnspid "
                        + "WHERE pn.pnpubid OPERATOR(pg_catalog.=) p.oid ORDER BY 1)"
                : "ARRAY[]::pg_catalog.text[]";
        String sql = "SELECT p.puballtables, " + schemas + ", "
                + "(SELECT pg_catalog.count(*) FROM pg_catalog.pg_publication_rel r "
                + "WHERE r.prpubid OPERATOR(pg_catalog.=) p.oid), "
                + "pg_catalog.pg_has_role(current_user, p.pubowner, 'USAGE'), "
                + "p.pubinsert AND p.pubupdate AND p.pubdelete AND p.pubtruncate "
                + "FROM pg_catalog.pg_publication p WHERE p.pubname OPERATOR(pg_catalog.=) ?::pg_catalog.text";
        return query("read publication " + name, sql, rs -> {
            if (!rs.next()) {
                return PublicationInfo.MISSING;
            }
            return new PublicationInfo(true, rs.getBoolean(1), textArray(rs, 2), rs.getInt(3), rs.getBoolean(4),
                    rs.getBoolean(5));
        }, name.value());
    }

    /**
     * Tables that would make UPDATE and DELETE fail once published: ordinary tables (partitions included) with
     * neither a primary key nor a usable replica identity.
     *
     * @param schemas the schemas to look in, or null for every user schema (FOR ALL TABLES)
     * @param tables explicitly listed tables, or null
     * @param limit how many names to return at most
     * @return the first {@code limit} offending tables, and how many there are in all
     */
    public Sample keylessTables(Collection<Identifier> schemas, Collection<QualifiedTable> tables, int limit) {
        return keylessTables(schemas, tables, null, limit);
    }

    /**
     * As {@link #keylessTables(Collection, Collection, int)}, leaving out what {@code publication} already holds (the
     * table or an ancestor it publishes through): the tables a run that extends the publication would newly publish.
     *
     * @param publication the existing publication, or null to leave nothing out
     */
    public Sample keylessTables(Collection<Identifier> schemas, Collection<QualifiedTable> tables,
                                Identifier publication, int limit) {
        String scope;
        List<Object> parameters = new ArrayList<>();
        if (tables != null) {
            scope = LISTED_TABLES;
            parameters.add(schemaArray(tables));
            parameters.add(tableArray(tables));
        } else if (schemas != null) {
            scope = "n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[])";
            parameters.add(array(schemas));
        } else {
            scope = "NOT n.nspname OPERATOR(pg_catalog.=) ANY ('{pg_catalog,information_schema}') "
                    + "AND NOT n.nspname OPERATOR(pg_catalog.~~) 'pg\\_%'";
        }
        if (publication != null) {
            parameters.add(publication.value());
        }
        return query("find tables without a primary key or replica identity",
                keylessWithin("c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}') AND " + scope, publication != null,
                        limit), Sample::read, parameters.toArray());
    }

    /**
     * Tables an existing publication covers, partitions of a published partitioned table included, that have neither a
     * primary key nor a usable replica identity: UPDATE and DELETE on them fail while they are published.
     *
     * @param publication the publication
     * @param limit how many names to return at most
     * @return the first {@code limit} offending tables, and how many there are in all
     */
    public Sample keylessPublishedTables(Identifier publication, int limit) {
        return query("find published tables without a primary key or replica identity",
                keylessWithin("c.oid OPERATOR(pg_catalog.=) ANY (" + PUBLISHED_RELIDS + ")", false, limit),
                Sample::read, publication.value());
    }

    /**
     * Counts and names the tables without a key or usable replica identity that are in {@code scope} themselves or
     * through an ancestor (a partition of a partitioned table in scope is published too). The keyless tables are
     * found first, in one pass with the keys hashed, and only their own ancestors are followed up pg_inherits: on a
     * database where nearly every table has a key that is one pass, not a scope of 100,000 tables walked down.
     *
     * @param scope a condition on the ancestor {@code c} and its schema {@code n}; evaluated only once a keyless
     *     table was found (a publication's tables are costly to list)
     * @param unpublished whether to leave out tables publication {@code ?} holds, itself or through an ancestor
     */
    private static String keylessWithin(String scope, boolean unpublished, int limit) {
        return """
                WITH RECURSIVE keyless AS (
                    -- From FirstNormalObjectId: below are the system catalogs, which are REPLICA IDENTITY
                    -- NOTHING and never published.
                    SELECT c.oid FROM pg_catalog.pg_class c
                     WHERE c.relkind OPERATOR(pg_catalog.=) 'r' AND c.relpersistence OPERATOR(pg_catalog.=) 'p'
                       AND c.oid OPERATOR(pg_catalog.>=) 16384::pg_catalog.oid
                       AND (c.relreplident OPERATOR(pg_catalog.=) 'n'
                            OR (c.relreplident OPERATOR(pg_catalog.=) 'd' AND NOT c.oid OPERATOR(pg_catalog.=) ANY (
                                    SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indisprimary))
                            OR (c.relreplident OPERATOR(pg_catalog.=) 'i' AND NOT c.oid OPERATOR(pg_catalog.=) ANY (
                                    SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indisreplident)))
                ), lineage(oid, ancestor) AS (
                    SELECT k.oid, k.oid FROM keyless k
                    UNION
                    SELECT l.oid, i.inhparent FROM lineage l JOIN pg_catalog.pg_inherits i
                        ON i.inhrelid OPERATOR(pg_catalog.=) l.ancestor
                ), offending AS (
                    SELECT pg_catalog.format('%%I.%%I', n.nspname, c.relname) AS name
                      FROM pg_catalog.pg_class c
                      JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                     WHERE c.oid OPERATOR(pg_catalog.=) ANY (
                               SELECT l.oid FROM lineage l
                                 JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) l.ancestor
                                 JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                                WHERE %s AND EXISTS (SELECT 1 FROM keyless))%s
                )
                SELECT (SELECT pg_catalog.count(*) FROM offending),
                       ARRAY(SELECT name FROM offending ORDER BY name LIMIT %d)
                """.formatted(scope, unpublished ? """
                    
                       AND NOT EXISTS (SELECT 1 FROM lineage l WHERE l.oid OPERATOR(pg_catalog.=) c.oid
                                          AND l.ancestor OPERATOR(pg_catalog.=) ANY (%s))""".formatted(
                        PUBLISHED_RELIDS) : "", limit);
    }

    /**
     * Logical replication slots of this database that decode with pgoutput, the plugin ClickPipes uses. A slot does
     * not record which publication its reader asks for, so these are the slots that may read the publication.
     *
     * @param pg13 whether {@code wal_status} exists (13+)
     * @return the slots, by name
     */
    public List<ReplicationSlot> pgoutputSlots(boolean pg13) {
        String sql = """
                SELECT s.slot_name::pg_catalog.text, s.active, r.usename::pg_catalog.text,
                       coalesce(pg_catalog.pg_wal_lsn_diff(
                                    CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_replay_lsn()
                                         ELSE pg_catalog.pg_current_wal_insert_lsn() END, s.restart_lsn), 0)::bigint,
                       %s
                  FROM pg_catalog.pg_replication_slots s
                  LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid OPERATOR(pg_catalog.=) s.active_pid
                 WHERE s.slot_type OPERATOR(pg_catalog.=) 'logical' AND s.plugin OPERATOR(pg_catalog.=) 'pgoutput'
                   AND s.database OPERATOR(pg_catalog.=) pg_catalog.current_database()
                 ORDER BY 1
                """.formatted(pg13 ? "s.wal_status" : "NULL::pg_catalog.text");
        return query("read replication slots", sql, rs -> {
            List<ReplicationSlot> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new ReplicationSlot(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5)));
            }
            return out;
        });
    }

    /**
     * The tables a table-list publication must still get: the listed tables, or every table of the schemas.
     * Partitioned tables are published through their root where the server can ({@code partitionRoots}, 13+),
     * otherwise through their leaf partitions (12).
     *
     * @param publication the publication; may not exist yet
     * @param schemas the schemas whose tables to publish, or null
     * @param tables the tables to publish, or null
     * @param partitionRoots whether partitioned tables themselves can be published (13+)
     * @return the missing tables, quoted and schema-qualified, with their owners
     */
    public List<TableToPublish> unpublishedTables(Identifier publication, Collection<Identifier> schemas,
                                                  Collection<QualifiedTable> tables, boolean partitionRoots) {
        String scope;
        List<Object> parameters = new ArrayList<>();
        if (tables != null) {
            scope = LISTED_TABLES;
            parameters.add(schemaArray(tables));
            parameters.add(tableArray(tables));
        } else {
            scope = "n.nspname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[]) AND NOT c.relispartition";
            parameters.add(array(schemas));
        }
        String publishable = partitionRoots ? "relkind OPERATOR(pg_catalog.=) ANY ('{r,p}')"
                : "relkind OPERATOR(pg_catalog.=) 'r'";
        String sql = """
                WITH RECURSIVE scoped AS (
                    SELECT c.oid, c.relkind FROM pg_catalog.pg_class c
                      JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                     WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}')
                       AND c.relpersistence OPERATOR(pg_catalog.=) 'p' AND %s
                    UNION
                    SELECT k.oid, k.relkind FROM scoped s
                      JOIN pg_catalog.pg_inherits i ON i.inhparent OPERATOR(pg_catalog.=) s.oid
                      JOIN pg_catalog.pg_class k ON k.oid OPERATOR(pg_catalog.=) i.inhrelid
                     WHERE s.relkind OPERATOR(pg_catalog.=) 'p' AND NOT (%s)
                )
                SELECT pg_catalog.format('%%I.%%I', n.nspname, c.relname), pg_catalog.pg_get_userbyid(c.relowner),
                       pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')
                  FROM scoped s JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) s.oid
                  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                 WHERE c.%s
                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel r
                                     JOIN pg_catalog.pg_publication p ON p.oid OPERATOR(pg_catalog.=) r.prpubid
                                    WHERE p.pubname OPERATOR(pg_catalog.=) ?::pg_catalog.text
                                      AND r.prrelid OPERATOR(pg_catalog.=) c.oid)
                 ORDER BY 1
                """.formatted(scope, partitionRoots ? "true" : "false", publishable);
        parameters.add(publication.value());
        return query("list the tables to publish", sql, rs -> {
            List<TableToPublish> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new TableToPublish(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
            }
            return out;
        }, parameters.toArray());
    }

    /**
     * A table a publication still needs.
     *
     * @param quotedName schema-qualified, quoted name
     * @param owner its owner
     * @param ownerHeld whether the migrating role has the owner's privileges (needed to publish it)
     */
    public record TableToPublish(String quotedName, String owner, boolean ownerHeld) {
    }

    /**
     * A count with the first few names.
     *
     * @param total how many there are
     * @param first the first names, sorted
     */
    public record Sample(long total, List<String> first) {
        public Sample {
            first = List.copyOf(first);
        }

        /**
         * Reads a one-row result of (count, text[] of names).
         *
         * @param rs the result set, before its row
         * @return the sample
         */
        public static Sample read(ResultSet rs) throws SQLException {
            rs.next();
            return new Sample(rs.getLong(1), textArray(rs, 2));
        }

        /** @return true when there are none */
        public boolean isEmpty() {
            return total == 0;
        }

        /** @return the names, with "and N more" when cut */
        public String describe() {
            return Brief.names(total, first);
        }
    }

    /** One read of a result set. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs one read-only query with parameters (Strings or Arrays).
     *
     * @param what what is being attempted, for the error
     * @return what {@code reader} made of the result
     */
    public <T> T query(String what, String sql, Reader<T> reader, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new ClickPipesException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    private List<String> strings(String what, String sql, Object... parameters) {
        return query(what, sql, Catalog::firstColumn, parameters);
    }

    /**
     * @param rs a result set
     * @return the first column of every row, as text
     */
    public static List<String> firstColumn(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1));
        }
        return out;
    }

    /**
     * @param rs a result set on its row
     * @param column a {@code text[]} column
     * @return its elements
     */
    public static List<String> textArray(ResultSet rs, int column) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) rs.getArray(column).getArray()) {
            out.add((String) o);
        }
        return out;
    }

    private Array array(Collection<Identifier> names) {
        return textArray(names.stream().map(Identifier::value).toList());
    }

    private Array schemaArray(Collection<QualifiedTable> tables) {
        return textArray(tables.stream().map(t -> t.schema().value()).toList());
    }

    private Array tableArray(Collection<QualifiedTable> tables) {
        return textArray(tables.stream().map(t -> t.table().value()).toList());
    }

    /** @return a text[] parameter for {@code values} */
    public Array textArray(Collection<String> values) {
        try {
            return connection.createArrayOf("text", values.toArray());
        } catch (SQLException e) {
            throw new ClickPipesException("Could not pass a list of names to the server: " + e.getMessage(), e);
        }
    }
}
