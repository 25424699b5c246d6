package dev.cdcready.clickpipes.safety.searchpath;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what in a piece of SQL the server would resolve through the search_path: a bare operator (also the {@code =}
 * inside {@code IN}, {@code LIKE}), a function called without its schema, a cast to a type named without its
 * schema, a {@code pg_*} catalog relation named without {@code pg_catalog.}. Anything of these could be a planted
 * object in a schema that comes before pg_catalog, run as the master user.
 */
final class UnqualifiedSql {

    /** Words followed by a parenthesis that are grammar, not a function looked up by name. */
    private static final Set<String> GRAMMAR = Set.of("select", "exists", "any", "all", "array", "values",
            "coalesce", "as", "on", "and", "or", "not", "where", "from", "join", "over", "filter", "lateral", "with",
            "recursive", "union", "using", "by", "then", "else", "when", "case", "if", "is", "limit", "into", "row",
            "ordinality", "greatest", "least", "operator");
    /** Type names the grammar maps to pg_catalog itself (keywords), so no search_path lookup happens. */
    private static final Set<String> KEYWORD_TYPES = Set.of("int", "integer", "bigint", "smallint", "boolean",
            "numeric", "varchar", "real");

    private static final Pattern QUALIFIED_OPERATOR = Pattern.compile("OPERATOR\\(pg_catalog\\.[^)\\s]+\\)");
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern COMMENT = Pattern.compile("--[^\n]*");
    private static final Pattern NOT_AN_OPERATOR = Pattern.compile(
            "USING\\s+(HINT|ERRCODE|DETAIL|MESSAGE)\\s*=|\\bSET\\s+[\\w.]+\\s*=|:=|\\$\\w*\\$|%[sd%]");
    private static final Pattern BARE_OPERATOR = Pattern.compile(
            "<>|<=|>=|!=|\\|\\||~~|[=<>+/~!@#&^]|(?<!-)-(?!-)|\\bI?LIKE\\b|\\bIN\\s*\\(|\\bSIMILAR\\b");
    private static final Pattern CALL = Pattern.compile("(?<![.\\w\"])([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern CTE_BODY = Pattern.compile("\\s*AS\\s*(NOT\\s+)?(MATERIALIZED\\s*)?\\(",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD_BEFORE = Pattern.compile("([A-Za-z_]+)\\s*$");
    /** What precedes a CTE body's {@code MATERIALIZED (} or {@code NOT MATERIALIZED (}. */
    private static final Pattern CTE_AS = Pattern.compile("\\bAS\\s+(NOT\\s+)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAST = Pattern.compile("::\\s*(\"?[A-Za-z_][A-Za-z0-9_]*\"?)(\\.?)");
    private static final Pattern CATALOG_RELATION = Pattern.compile("(?<![.\\w])(pg_[a-z_]+)\\b(?!\\s*\\()");
    private static final Pattern PROSE = Pattern.compile("\\b[a-z]+ [a-z]+ [a-z]+\\b");
    private static final Pattern SQL_SIGNAL = Pattern.compile(
            "\\bSELECT\\b|\\bFROM\\b|\\bWHERE\\b|\\bJOIN\\b|OPERATOR\\(|::|\\bAND\\b|\\bEXISTS\\b|\\bDO\\b");

    private UnqualifiedSql() {
    }

    /** @return whether {@code text} is a query (or part of one) rather than a message or a DDL command */
    static boolean looksLikeQuery(String text) {
        String code = code(text);
        return SQL_SIGNAL.matcher(code).find() && !PROSE.matcher(code).find();
    }

    /** @return a description of each unqualified object in {@code sql}; empty when everything names pg_catalog */
    static List<String> in(String sql) {
        String code = QUALIFIED_OPERATOR.matcher(code(sql)).replaceAll(" OPERATOR ");
        code = NOT_AN_OPERATOR.matcher(code).replaceAll(" ");
        List<String> found = new ArrayList<>();
        Matcher operator = BARE_OPERATOR.matcher(code);
        while (operator.find()) {
            found.add("bare operator `" + operator.group().trim() + "` near `" + near(code, operator.start()) + "`");
        }
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            String name = call.group(1).toLowerCase(Locale.ROOT);
            Matcher before = WORD_BEFORE.matcher(code.substring(0, call.start()));
            boolean alias = before.find() && before.group(1).equalsIgnoreCase("AS")
                    || name.equals("materialized") && CTE_AS.matcher(code.substring(0, call.start())).find();
            if (!GRAMMAR.contains(name) && !name.equals("in") && !alias && !namesCte(code, call.end())) {
                found.add("unqualified function `" + call.group(1) + "(`");
            }
        }
        Matcher cast = CAST.matcher(code);
        while (cast.find()) {
            if (cast.group(2).isEmpty() && !KEYWORD_TYPES.contains(cast.group(1).toLowerCase(Locale.ROOT))) {
                found.add("cast to unqualified type `" + cast.group(1) + "`");
            }
        }
        Matcher relation = CATALOG_RELATION.matcher(code);
        while (relation.find()) {
            if (!relation.group(1).equals("pg_catalog")) {
                found.add("unqualified catalog relation `" + relation.group(1) + "`");
            }
        }
        return found;
    }

    /** @return whether the parenthesis that opens at {@code open - 1} lists a CTE's columns: {@code name(a, b) AS (} */
    private static boolean namesCte(String code, int open) {
        int depth = 1;
        int at = open;
        while (at < code.length() && depth > 0) {
            char c = code.charAt(at++);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return CTE_BODY.matcher(code.substring(at)).lookingAt();
    }

    /** The SQL without comments and string literals, whose content is data, not names. */
    private static String code(String sql) {
        return LITERAL.matcher(COMMENT.matcher(sql).replaceAll(" ")).replaceAll("''");
    }

    private static String near(String code, int at) {
        return code.substring(Math.max(0, at - 30), Math.min(code.length(), at + 10)).replaceAll("\\s+", " ");
    }
}
