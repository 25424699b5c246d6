package dev.cdcready.clickpipes.config;

import dev.cdcready.clickpipes.ClickPipesException;

/** A setting's value cannot be used. Raised before anything is sent to the database. */
public final class InvalidSettingException extends ClickPipesException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String found;
    private final String fix;

    /**
     * @param setting the placeholder name, e.g. {@code clickpipes_schemas}
     * @param found what was found (already made printable; never a password)
     * @param fix what to change
     */
    public InvalidSettingException(String setting, String found, String fix) {
        super("Invalid setting '" + setting + "': " + found + ". " + fix);
        this.setting = setting;
        this.found = found;
        this.fix = fix;
    }

    /** @return what was found, e.g. {@code schema "x" does not exist} */
    public String found() {
        return "Invalid setting '" + setting + "': " + found + ".";
    }

    /** @return what to change */
    public String fix() {
        return fix;
    }

    /** @return the placeholder name of the offending setting */
    public String setting() {
        return setting;
    }
}
