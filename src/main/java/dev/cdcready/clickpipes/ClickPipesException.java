package dev.cdcready.clickpipes;

/**
 * The one unchecked root of every error the bundle raises on purpose.
 *
 * <p>Messages follow one rule: what was found, what is required, and what to do about it. They never contain the
 * clickpipes_user password.
 */
public class ClickPipesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClickPipesException(String message) {
        super(message);
    }

    public ClickPipesException(String message, Throwable cause) {
        super(message, cause);
    }
}
