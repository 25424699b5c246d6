package dev.cdcready.clickpipes.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdcready.clickpipes.catalog.RoleRights.Right;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The documented set, right by right, for clickpipes_schemas=sales. The reads of the configured schemas (USAGE, SELECT on
 * their tables and columns, default SELECT on their tables) are left out by the query itself (RoleRights.beyondReading,
 * proven in LeastPrivilegeIT): what is judged here is everything else.
 */
class DocumentedRightsTest {

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "attribute|-|LOGIN|true",
        "attribute|-|REPLICATION|true",
        "attribute|-|BYPASSRLS|true",
        "attribute|-|SUPERUSER|false",
        "attribute|-|CREATEROLE|false",
        "attribute|-|CREATEDB|false",
        "member|-|rds_replication|true",
        "member|-|rds_iam|true",
        "member|-|rds_superuser|false",
        "member|-|pg_write_all_data|false",
        "member|-|pg_read_all_data|false",
        "members|-|app_user|false",
        "migrator|-|-|false",
        "owner|-|-|false",
        "schema|sales|CREATE|false",
        "schema|public|USAGE|false",
        "schema|clickpipes_flyway|USAGE|true",
        "schema|clickpipes_flyway|CREATE|false",
        "table|clickpipes_flyway|SELECT|false",
        "table|sales|INSERT|false",
        "table|sales|TRUNCATE|false",
        "table|sales|REFERENCES|false",
        "table|sales|TRIGGER|false",
        "table|public|SELECT|false",
        "column|sales|UPDATE|false",
        "default|sales|INSERT|false",
        "default|-|SELECT|false",
        "sequence|sales|SELECT|false",
        "database|-|CONNECT|true",
        "database|-|TEMPORARY|true",
        "database|-|CREATE|false",
        "function|-|EXECUTE|false",
        "other|-|-|false"
    })
    void onlyWhatTheBundleGrantsIsDocumented(String kind, String schema, String privilege, boolean documented) {
        assertEquals(documented, DocumentedRights.documented(new Right(kind, schema, privilege, "x", "y")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "table clickpipes_flyway.clickpipes_schema_history: SELECT|true",
        "table clickpipes_flyway.clickpipes_schema_history: INSERT|false",
        "table clickpipes_flyway.other_table: SELECT|false"
    })
    void theBundlesHistoryTableMayBeReadBecauseAForAllTablesPublicationHoldsIt(String what, boolean documented) {
        String privilege = what.substring(what.indexOf(": ") + 2);
        assertEquals(documented, DocumentedRights.documented(new Right("table", "clickpipes_flyway", privilege, what,
                "y")));
    }
}
