package dev.cdcready.clickpipes.config;

import java.util.Arrays;

/**
 * A password held as characters that are wiped on {@link #close()}; it prints as {@code <masked>}.
 *
 * <p>Use in try-with-resources so the characters do not outlive the one call that needs them.
 */
public final class Secret implements AutoCloseable {

    private final char[] chars;

    /** @param chars the password; the array is taken over, not copied, and wiped on close */
    public Secret(char[] chars) {
        this.chars = chars;
    }

    /** @return the characters themselves (not a copy): pass them straight to the one call that needs them */
    public char[] chars() {
        return chars;
    }

    /** @return true when the password has no characters, or only white space */
    public boolean isBlank() {
        for (char c : chars) {
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the kind of the first C0 control character or DEL in the password ("a NUL", "a line break", "a
     *     control character"), or null when there is none; never the character's position
     */
    public String controlCharacter() {
        if (contains(c -> c == '\0')) {
            return "a NUL";
        }
        if (contains(c -> c == '\n' || c == '\r')) {
            return "a line break";
        }
        return contains(c -> c < 0x20 || c == 0x7f) ? "a control character (C0 control or DEL)" : null;
    }

    private boolean contains(java.util.function.IntPredicate test) {
        for (char c : chars) {
            if (test.test(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "<masked>";
    }
}
