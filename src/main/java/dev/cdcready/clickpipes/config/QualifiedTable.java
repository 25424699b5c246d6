package dev.cdcready.clickpipes.config;

/**
 * A table named by schema and name.
 *
 * @param schema the table's schema
 * @param table the table's name
 */
public record QualifiedTable(Identifier schema, Identifier table) {

    public QualifiedTable {
        if (schema == null || table == null) {
            throw new IllegalArgumentException("schema and table are required");
        }
    }

    /** @return {@code "schema"."table"}, both parts quoted */
    public String quoted() {
        return schema.quoted() + '.' + table.quoted();
    }

    @Override
    public String toString() {
        return schema.value() + '.' + table.value();
    }
}
