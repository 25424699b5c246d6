package dev.cdcready.clickpipes.config;

import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL identifier: the exact, case-sensitive catalog name, from configuration ({@link #of}) or read from the
 * catalog.
 *
 * <p>It only ever reaches SQL text through {@link #quoted()}, so no value can change the meaning of a statement.
 * Configured names are held to a stricter rule than the catalog's: a role or schema found in the database may have a
 * name with a newline or a trailing space (anyone with CREATEROLE can make one), and the bundle must still quote it,
 * print it and grant for it rather than fail.
 *
 * @param value the exact name, as in the catalog
 */
public record Identifier(String value) {

    /** PostgreSQL truncates longer names (NAMEDATALEN - 1). */
    public static final int MAX_BYTES = 63;

    public Identifier {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("identifier is empty");
        }
        if (value.indexOf('\0') >= 0 || value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("no catalog name holds NUL or is longer than " + MAX_BYTES + " bytes: "
                    + printable(value));
        }
    }

    /**
     * Validates a configured name.
     *
     * @param setting the placeholder the value came from, named in the error
     * @param value the raw value
     * @return the identifier
     * @throws InvalidSettingException when the value is empty, too long or holds control characters
     */
    public static Identifier of(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(setting, "the value is empty",
                    "Give an exact name, or leave " + setting + " out to use its default.");
        }
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidSettingException(setting, "the value " + printable(value) + " " + problem,
                    "Use the exact catalog name: at most 63 bytes, no control characters, no leading or trailing spaces.");
        }
        return new Identifier(value);
    }

    private static String problemWith(String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "is longer than " + MAX_BYTES + " bytes (PostgreSQL would silently truncate it)";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "contains a control character (NUL, newline, tab, ...)";
        }
        if (!value.equals(value.strip())) {
            return "has leading or trailing white space";
        }
        return null;
    }

    /**
     * @return the identifier as a double-quoted SQL identifier, embedded quotes doubled; a name with control characters
     *     (only a catalog name can have them) as a Unicode-escaped one, {@code U&"a\000Ab"}, so that no statement
     *     printed in a plan, a fix or a log line carries the character itself
     */
    public String quoted() {
        return quote(value);
    }

    /**
     * @param name any name, unchecked (the catalog's, or one found in a printed statement)
     * @return it quoted as {@link #quoted()} quotes an identifier
     */
    static String quote(String name) {
        if (name.chars().noneMatch(Character::isISOControl)) {
            return '"' + name.replace("\"", "\"\"") + '"';
        }
        StringBuilder out = new StringBuilder("U&\"");
        name.codePoints().forEach(cp -> {
            if (cp == '"') {
                out.append("\"\"");
            } else if (cp == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(cp)) {
                out.append(String.format("\\%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }

    /**
     * Renders any configured value for a message: quoted, with control characters escaped, so a hostile value cannot
     * forge log lines.
     *
     * @param raw any string, may be null
     * @return a printable rendering
     */
    public static String printable(String raw) {
        if (raw == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        raw.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (raw.codePointCount(0, raw.length()) > 80) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** @return the name for a message: as it is, or, when it is not a name configuration would accept, printable */
    @Override
    public String toString() {
        return problemWith(value) == null ? value : printable(value);
    }
}
