package dev.cdcready.clickpipes.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One database shape: {@code schemas} schemas {@code s0001…}, each with {@code tablesPerSchema} tables with a primary
 * key, or, when {@code partitions > 0}, that many partitioned tables with {@code partitions} partitions each.
 *
 * @param label how the report names it
 * @param schemas number of schemas
 * @param tablesPerSchema tables (or partitioned parents) per schema
 * @param partitions partitions per parent; 0 for plain tables
 */
record Size(String label, int schemas, int tablesPerSchema, int partitions) {

    static Size plain(int schemas, int tablesPerSchema) {
        return new Size(String.format("%,d × %,d", schemas, tablesPerSchema), schemas, tablesPerSchema, 0);
    }

    static Size partitioned(int schemas, int parents, int partitions) {
        return new Size(String.format("%,d × %,d partitioned × %,d", schemas, parents, partitions), schemas, parents,
                partitions);
    }

    /** @return every table in pg_class terms (partitions and their parents counted) */
    int tables() {
        return schemas * tablesPerSchema * (partitions == 0 ? 1 : partitions + 1);
    }

    List<String> schemaNames() {
        return IntStream.rangeClosed(1, schemas).mapToObj(Size::schemaName).toList();
    }

    /** @return the schema the "one schema added" variant creates: the next name after the configured ones */
    String addedSchema() {
        return schemaName(schemas + 1);
    }

    private static String schemaName(int i) {
        return String.format("s%04d", i);
    }

    /**
     * Creates the schemas and tables, one transaction per schema: each new table and index holds a lock until commit,
     * and 100,000 tables in one transaction would exhaust the lock table. The loop runs server-side in a DO block, so
     * a schema costs one round trip.
     */
    void create(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (String schema : schemaNames()) {
                createSchema(statement, schema);
            }
            statement.execute("ANALYZE");
        }
    }

    /** Creates one more schema of this shape (the same tables per schema), in autocommit. */
    void createSchema(Connection connection, String schema) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            createSchema(statement, schema);
        }
    }

    private void createSchema(Statement statement, String schema) throws SQLException {
        statement.execute("CREATE SCHEMA " + schema);
        statement.execute(partitions == 0 ? plainTables(schema) : partitionedTables(schema));
    }

    private String plainTables(String schema) {
        return """
                DO $$ BEGIN FOR t IN 1..%d LOOP
                  EXECUTE format('CREATE TABLE %s.%%I (id bigint PRIMARY KEY, v int)', 't' || lpad(t::text, 4, '0'));
                END LOOP; END $$""".formatted(tablesPerSchema, schema);
    }

    private String partitionedTables(String schema) {
        return """
                DO $$ BEGIN FOR t IN 1..%d LOOP
                  EXECUTE format('CREATE TABLE %s.%%I (id bigint, k int, v int, PRIMARY KEY (id, k))'
                                 || ' PARTITION BY LIST (k)', 'p' || lpad(t::text, 4, '0'));
                  FOR k IN 1..%d LOOP
                    EXECUTE format('CREATE TABLE %s.%%I PARTITION OF %s.%%I FOR VALUES IN (%%s)',
                                   'p' || lpad(t::text, 4, '0') || '_' || k, 'p' || lpad(t::text, 4, '0'), k);
                  END LOOP;
                END LOOP; END $$""".formatted(tablesPerSchema, schema, partitions, schema, schema);
    }
}
