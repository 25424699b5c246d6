package dev.cdcready.clickpipes.config;

import java.util.List;

/**
 * Lists of names in messages. A schema per tenant makes thousands of schemas, and a message that names every one of
 * them buries its point (5,000 schemas made one log line of 35,000 characters): it names the first few and counts
 * the rest.
 */
public final class Brief {

    /** How many names a message shows. */
    public static final int SHOWN = 10;

    private Brief() {
    }

    /**
     * @param total how many there are
     * @param first the first of them, already cut
     * @return the names, with "and N more" when cut
     */
    public static String names(long total, List<String> first) {
        return String.join(", ", first) + (total > first.size() ? " and " + (total - first.size()) + " more" : "");
    }

    /**
     * @param all every name, in the order to show them
     * @return the first {@link #SHOWN} names, with "and N more" when there are more
     */
    public static String names(List<String> all) {
        return names(all.size(), first(all));
    }

    /** @return the first {@link #SHOWN} of {@code all}: those a message names, and a fix for them handles */
    public static <T> List<T> first(List<T> all) {
        return all.subList(0, Math.min(SHOWN, all.size()));
    }

    /**
     * For a refusal whose fix handles only the names it shows: how to get to the others.
     *
     * @param total how many there are
     * @param shown how many the fix handles
     * @return " Then run check again: …", or nothing when the fix handles them all
     */
    public static String nextOnes(int total, int shown) {
        return total > shown ? " Then run check again: it names the next " + SHOWN + " of the " + (total - shown)
                + " left." : "";
    }
}
