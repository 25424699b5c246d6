package dev.cdcready.clickpipes.safety.searchpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every query the bundle sends names pg_catalog for each function, operator, cast and catalog relation, so a
 * planted object in a schema on the search_path (public on PostgreSQL 12-14, or one a database owner put first)
 * never runs as the master user. Scans the main code's SQL literals and the SQL migrations.
 */
class QualifiedSqlTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path SQL = Path.of("sql");

    @Test
    void everyQueryInTheMainCodeResolvesOnlyPgCatalogObjects() throws IOException {
        List<String> problems = new ArrayList<>();
        int queries = 0;
        for (Path file : files(MAIN, ".java")) {
            for (SqlLiterals.Literal literal : SqlLiterals.of(Files.readString(file, StandardCharsets.UTF_8))) {
                if (UnqualifiedSql.looksLikeQuery(literal.text())) {
                    queries++;
                    for (String problem : UnqualifiedSql.in(literal.text())) {
                        problems.add(MAIN.relativize(file) + ":" + literal.line() + ": " + problem);
                    }
                }
            }
        }
        assertTrue(queries > 40, "the scan found only " + queries + " queries: is it still reading the sources?");
        assertEquals("", String.join("\n", problems), "unqualified objects in the bundle's SQL");
    }

    @Test
    void everySqlMigrationResolvesOnlyPgCatalogObjects() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> migrations = files(SQL, ".sql");
        assertFalse(migrations.isEmpty(), "no SQL migration found under " + SQL.toAbsolutePath());
        for (Path file : migrations) {
            for (String problem : UnqualifiedSql.in(Files.readString(file, StandardCharsets.UTF_8))) {
                problems.add(file.getFileName() + ": " + problem);
            }
        }
        assertEquals("", String.join("\n", problems), "unqualified objects in the SQL migrations");
    }

    @Test
    void theScanFlagsEachKindOfUnqualifiedObject() {
        assertEquals(1, UnqualifiedSql.in("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?").size());
        assertEquals(1, UnqualifiedSql.in("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname IN ('a')").size());
        assertEquals(1, UnqualifiedSql.in("SELECT pg_is_in_recovery()").size());
        assertEquals(1, UnqualifiedSql.in("SELECT ?::text[]").size());
        assertEquals(1, UnqualifiedSql.in("SELECT oid FROM pg_roles").size());
        assertEquals(1, UnqualifiedSql.in("SELECT 'a' || 'b'").size());
        assertEquals(1, UnqualifiedSql.in("SELECT pg_catalog.count(*) - 1").size());
        assertEquals(List.of(), UnqualifiedSql.in("SELECT n FROM pg_catalog.unnest(?::pg_catalog.text[]) AS u(n) "
                + "WHERE n OPERATOR(pg_catalog.=) ANY ('{a,b}') -- a = b in a comment"));
        // A CTE's column list is a name, not a call; a function called with the same shape still is one.
        assertEquals(List.of(), UnqualifiedSql.in("WITH g(id) AS (SELECT 1) SELECT id FROM g"));
        assertEquals(1, UnqualifiedSql.in("WITH g AS (SELECT f(1) AS id) SELECT id FROM g").size());
        // MATERIALIZED before a CTE's body is grammar; a function of that name is still looked up.
        assertEquals(List.of(), UnqualifiedSql.in("WITH g AS NOT MATERIALIZED (SELECT 1 AS id), "
                + "h AS MATERIALIZED (SELECT 2 AS id) SELECT id FROM g"));
        assertEquals(1, UnqualifiedSql.in("SELECT materialized(1)").size());
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
