package dev.cdcready.clickpipes.safety.searchpath;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals and text blocks of one Java source file, unescaped, each with its line. Comments and char
 * literals are skipped so that a quote inside them does not start a string.
 */
final class SqlLiterals {

    /** One literal and the line it starts on. */
    record Literal(int line, String text) {
    }

    private SqlLiterals() {
    }

    static List<Literal> of(String source) {
        List<Literal> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i);
                i = i < 0 ? source.length() : i;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                line += count(source, i, end, '\n');
                i = end + 2;
            } else if (c == '\'') {
                i = source.charAt(i + 1) == '\\' ? source.indexOf('\'', i + 3) + 1 : i + 3;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                out.add(new Literal(line, unescape(source.substring(i + 3, end))));
                line += count(source, i, end, '\n');
                i = end + 3;
            } else if (c == '"') {
                int j = i + 1;
                while (source.charAt(j) != '"') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.add(new Literal(line, unescape(source.substring(i + 1, j))));
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    private static int count(String s, int from, int to, char c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += s.charAt(i) == c ? 1 : 0;
        }
        return n;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
    }
}
