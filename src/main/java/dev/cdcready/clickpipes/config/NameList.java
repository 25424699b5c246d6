package dev.cdcready.clickpipes.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Parses the comma-separated name lists of the configuration. Names are exact catalog names; a part may be written in
 * double quotes (doubling an inner quote) when it contains a comma or a dot.
 */
final class NameList {

    private NameList() {
    }

    /** @return the distinct names of {@code value}, in order; empty for a blank value */
    static List<Identifier> names(String setting, String value) {
        LinkedHashSet<Identifier> names = new LinkedHashSet<>();
        for (List<String> parts : split(setting, value)) {
            if (parts.size() != 1) {
                throw new InvalidSettingException(setting, "the entry " + Identifier.printable(String.join(".", parts))
                        + " has a dot", "Write a name with a dot in double quotes, e.g. \"my.schema\".");
            }
            names.add(Identifier.of(setting, parts.get(0)));
        }
        return List.copyOf(names);
    }

    /** @return the distinct {@code schema.table} entries of {@code value}, in order */
    static List<QualifiedTable> tables(String setting, String value) {
        LinkedHashSet<QualifiedTable> tables = new LinkedHashSet<>();
        for (List<String> parts : split(setting, value)) {
            if (parts.size() != 2) {
                throw new InvalidSettingException(setting, "the entry " + Identifier.printable(String.join(".", parts))
                        + " is not schema.table", "Name every table with its schema, e.g. public.orders,sales.items.");
            }
            tables.add(new QualifiedTable(Identifier.of(setting, parts.get(0)), Identifier.of(setting, parts.get(1))));
        }
        return List.copyOf(tables);
    }

    /** Splits on unquoted commas into entries, and each entry on unquoted dots into parts. */
    private static List<List<String>> split(String setting, String value) {
        List<List<String>> entries = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return entries;
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    part.append(c);
                }
            } else if (c == '"' && part.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                part.setLength(0);
            } else if (c == '.' || c == ',') {
                parts.add(finish(setting, part, wasQuoted));
                part.setLength(0);
                wasQuoted = false;
                if (c == ',') {
                    entries.add(List.copyOf(parts));
                    parts.clear();
                }
            } else {
                part.append(c);
            }
        }
        if (quoted) {
            throw new InvalidSettingException(setting, "a double quote is not closed in " + Identifier.printable(value),
                    "Close the quote, or leave quotes out: names are taken exactly as written.");
        }
        parts.add(finish(setting, part, wasQuoted));
        entries.add(List.copyOf(parts));
        return entries;
    }

    private static String finish(String setting, StringBuilder part, boolean wasQuoted) {
        String name = wasQuoted ? part.toString() : part.toString().strip();
        if (name.isEmpty()) {
            throw new InvalidSettingException(setting, "the list has an empty entry",
                    "Remove the extra comma or dot, e.g. public,sales.");
        }
        return name;
    }
}
