package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;

/** The command line cannot be understood (exit code 64). */
final class UsageException extends ClickPipesException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
