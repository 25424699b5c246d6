package dev.cdcready.clickpipes.catalog;

import dev.cdcready.clickpipes.config.InvalidSettingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as PostgreSQL writes them ({@code 512MB}, {@code 1GB}; units of 1024). */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|bytes|kB|MB|GB|TB)?",
            Pattern.CASE_INSENSITIVE);
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private ByteSize() {
    }

    /**
     * @param setting the setting's name, for the error
     * @param text e.g. {@code 1GB}
     * @return the number of bytes
     */
    public static long parse(String setting, String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidSettingException(setting, "'" + text + "' is not a size",
                    "Give a number with a unit: B, kB, MB, GB or TB, e.g. 1GB.");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toLowerCase(Locale.ROOT);
        int power = switch (unit) {
            case "kb" -> 1;
            case "mb" -> 2;
            case "gb" -> 3;
            case "tb" -> 4;
            default -> 0;
        };
        return value << (10 * power);
    }

    /** @return {@code bytes} in the largest unit that keeps it at least 1, one decimal */
    public static String format(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
