package dev.cdcready.clickpipes.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the clickpipes_user password comes from, in order of preference: a file named by
 * {@code clickpipes_password_file}, the environment variable {@code CLICKPIPES_PASSWORD}, the placeholder
 * {@code clickpipes_password}.
 *
 * <p>The password is read only when {@link #read()} is called and only ever lives in a {@link Secret}. This object
 * prints where the password comes from, never the password.
 */
public final class PasswordSource {

    /** The environment variable that holds the password. */
    public static final String ENVIRONMENT_VARIABLE = "CLICKPIPES_PASSWORD";

    private enum Kind { FILE, ENVIRONMENT, PLACEHOLDER, NONE }

    private final Kind kind;
    private final Path file;
    private final String inlineValue;

    private PasswordSource(Kind kind, Path file, String inlineValue) {
        this.kind = kind;
        this.file = file;
        this.inlineValue = inlineValue;
    }

    /**
     * @param passwordFile the {@code clickpipes_password_file} setting, may be empty
     * @param environment the process environment
     * @param placeholderValue the {@code clickpipes_password} placeholder, may be null
     * @return the preferred source that is set
     */
    static PasswordSource choose(String passwordFile, Map<String, String> environment, String placeholderValue) {
        if (passwordFile != null && !passwordFile.isBlank()) {
            return new PasswordSource(Kind.FILE, Path.of(passwordFile.strip()), null);
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return new PasswordSource(Kind.ENVIRONMENT, null, fromEnvironment);
        }
        if (placeholderValue != null && !placeholderValue.isEmpty()) {
            return new PasswordSource(Kind.PLACEHOLDER, null, placeholderValue);
        }
        return new PasswordSource(Kind.NONE, null, null);
    }

    /** @return a source that holds no password */
    public static PasswordSource none() {
        return new PasswordSource(Kind.NONE, null, null);
    }

    /** @return true when some source is configured (its value is checked by {@link #read()}) */
    public boolean isConfigured() {
        return kind != Kind.NONE;
    }

    /**
     * Reads the password.
     *
     * @return the password; the caller closes it
     * @throws InvalidSettingException when no source is set, the file cannot be read, or the password is blank
     */
    public Secret read() {
        Secret secret = switch (kind) {
            case FILE -> readFile();
            case ENVIRONMENT, PLACEHOLDER -> new Secret(inlineValue.toCharArray());
            case NONE -> throw new InvalidSettingException("clickpipes_password", "no password is configured",
                    "Set the environment variable " + ENVIRONMENT_VARIABLE
                            + ", or name a file whose first line is the password in clickpipes_password_file.");
        };
        if (secret.isBlank()) {
            secret.close();
            throw new InvalidSettingException(settingName(), "the password from " + this + " is empty or blank",
                    "Give clickpipes_user a real password (ClickPipes logs in with it).");
        }
        String control = secret.controlCharacter();
        if (control != null) {
            secret.close();
            // Names the kind of character only: its position or neighbours would give part of the password away.
            throw new InvalidSettingException(settingName(), "the password from " + this + " holds " + control
                    + "; no libpq client can send a NUL (the password travels as a C string), and ClickPipes, "
                    + "connection strings and password files cannot carry line breaks or other control "
                    + "characters reliably", "Give clickpipes_user a password of printable characters only"
                    + (kind == Kind.FILE ? " (the file's first line is the password)." : "."));
        }
        return secret;
    }

    private Secret readFile() {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // Read the first line into a char[] without creating a String that cannot be wiped.
            char[] buffer = new char[1024];
            int length = 0;
            int c;
            while ((c = reader.read()) != -1 && c != '\n' && c != '\r') {
                if (length == buffer.length) {
                    char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                    Arrays.fill(buffer, '\0');
                    buffer = bigger;
                }
                buffer[length++] = (char) c;
            }
            char[] password = Arrays.copyOf(buffer, length);
            Arrays.fill(buffer, '\0');
            return new Secret(password);
        } catch (IOException e) {
            throw new InvalidSettingException("clickpipes_password_file", "the file " + Identifier.printable(
                    file.toString()) + " cannot be read (" + e.getClass().getSimpleName() + ")",
                    "Check that the file exists and is readable by the user running Flyway.");
        }
    }

    private String settingName() {
        return switch (kind) {
            case FILE -> "clickpipes_password_file";
            case ENVIRONMENT -> ENVIRONMENT_VARIABLE;
            default -> "clickpipes_password";
        };
    }

    /** @return where the password comes from, e.g. "environment variable CLICKPIPES_PASSWORD" — never the password */
    @Override
    public String toString() {
        return switch (kind) {
            case FILE -> "file " + file;
            case ENVIRONMENT -> "environment variable " + ENVIRONMENT_VARIABLE;
            case PLACEHOLDER -> "placeholder clickpipes_password";
            case NONE -> "no password source";
        };
    }
}
