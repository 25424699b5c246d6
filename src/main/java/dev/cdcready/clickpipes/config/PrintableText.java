package dev.cdcready.clickpipes.config;

/**
 * Text the bundle prints — findings, fixes, planned statements — made of its own words and of names read from the
 * catalog. A table or role can be called {@code "orders<newline>ERROR ...: setup verified"} by anyone who may create
 * one; printed as it is, such a name forges a line of the bundle's output or log. Every double-quoted identifier that
 * holds a control character becomes the same identifier written with Unicode escapes ({@code U&"orders\000A..."}), so
 * a printed statement or fix still works when run; in {@link #prose} every other control character is escaped too.
 */
public final class PrintableText {

    private PrintableText() {
    }

    /**
     * @param text a message or a fix (our sentences have no control characters of their own)
     * @return the text with no control character left raw
     */
    public static String prose(String text) {
        return convert(text, true);
    }

    /**
     * @param statement a SQL statement to print (line breaks between its clauses are kept)
     * @return the statement with every quoted identifier that holds a control character Unicode-escaped
     */
    public static String sql(String statement) {
        return convert(statement, false);
    }

    private static String convert(String text, boolean escapeTheRest) {
        if (text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int close = c == '"' ? closingQuote(text, i + 1) : -1;
            boolean escapedAlready = i >= 2 && text.startsWith("U&", i - 2);
            if (close > 0 && !escapedAlready) {
                out.append(Identifier.quote(text.substring(i + 1, close).replace("\"\"", "\"")));
                i = close + 1;
            } else {
                if (escapeTheRest && Character.isISOControl(c)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    /** @return the index of the quote that closes an identifier whose text starts at {@code from}, or -1 */
    private static int closingQuote(String text, int from) {
        for (int j = from; j < text.length(); j++) {
            if (text.charAt(j) == '"') {
                if (j + 1 < text.length() && text.charAt(j + 1) == '"') {
                    j++;
                } else {
                    return j;
                }
            }
        }
        return -1;
    }
}
