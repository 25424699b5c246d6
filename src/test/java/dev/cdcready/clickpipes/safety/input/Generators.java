package dev.cdcready.clickpipes.safety.input;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Random names and passwords for the round-trip properties: valid ones by construction, and ways to break them. */
final class Generators {

    /** Letters a created name may start with: ASCII, accented, Cyrillic, Greek, CJK, and underscore. */
    private static final String FIRST = "abcxyzABCXYZ_éüßÉçñжклмЖΩλ用户数据表";
    /** Further characters of a created name: the first ones plus digits, dollar and dash. */
    private static final String REST = FIRST + "0123456789$-";
    /**
     * Password characters: everything that quotes, escapes or interpolates somewhere, and unicode; no control
     * character, which the settings refuse.
     */
    private static final String PASSWORD = "aZ09 '\"\\;$${}%_-,.:/*()[]!?#&|`~=+<>@^éü密码ж";
    /** Characters a catalog name may hold but a created role or publication name may not. */
    private static final String FORBIDDEN_IN_CREATED = "\"';\\ .,(){}*/%+=!?@#&|<>[]^`~:\n\u0000";
    /** Characters of a schema name that the list syntax must carry: quotes, commas, dots, spaces. */
    private static final String SCHEMA = REST + "\"', .;\\${}";

    private Generators() {
    }

    /** A name the bundle may create for a role or publication, unique by {@code suffix}, at most 63 bytes. */
    static String creatableName(Random random, String suffix) {
        StringBuilder name = new StringBuilder();
        name.append(pick(random, FIRST));
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            name.append(pick(random, REST));
        }
        String lower = name.toString().toLowerCase(java.util.Locale.ROOT);
        String prefix = lower.startsWith("pg_") || lower.startsWith("rds_") ? "x" + name : name.toString();
        return fit(prefix, "_" + suffix);
    }

    /** A schema name PostgreSQL accepts: any printable characters, no surrounding spaces, at most 63 bytes. */
    static String schemaName(Random random, String suffix) {
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            name.append(pick(random, SCHEMA));
        }
        return fit("s" + name, suffix);
    }

    /** A non-blank password of 1 to 40 characters. */
    static String password(Random random) {
        StringBuilder password = new StringBuilder("p");
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            password.append(pick(random, PASSWORD));
        }
        // Not always starting with a letter: rotate so quotes and spaces lead too.
        int cut = random.nextInt(password.length());
        return password.substring(cut) + password.substring(0, cut);
    }

    /** {@code name} with one character a created name must not hold, at a random place. */
    static String withForbiddenCharacter(Random random, String name) {
        int at = random.nextInt(name.length() + 1);
        return name.substring(0, at) + pick(random, FORBIDDEN_IN_CREATED) + name.substring(at);
    }

    /** A string of white space only (possibly empty). */
    static String blank(Random random) {
        StringBuilder blank = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            blank.append(pick(random, " \t\n\r\u000B\f"));
        }
        return blank.toString();
    }

    /** A word of letters, digits and spaces. */
    static String word(Random random) {
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            word.append(pick(random, "abcdefghijklmnopqrstuvwxyz0123456789 _-;'"));
        }
        return word.toString();
    }

    /** A value is written in the list syntax: always double-quoted, inner quotes doubled. */
    static String listEntry(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A name as a SQL identifier. */
    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String pick(Random random, String pool) {
        int count = pool.codePointCount(0, pool.length());
        int offset = pool.offsetByCodePoints(0, random.nextInt(count));
        return new String(Character.toChars(pool.codePointAt(offset)));
    }

    /** Drops code points from the end of {@code prefix} until prefix + tail fits NAMEDATALEN - 1 bytes. */
    private static String fit(String prefix, String tail) {
        String kept = prefix;
        while ((kept + tail).getBytes(StandardCharsets.UTF_8).length > 63) {
            kept = kept.substring(0, kept.offsetByCodePoints(kept.length(), -1));
        }
        return kept + tail;
    }
}
