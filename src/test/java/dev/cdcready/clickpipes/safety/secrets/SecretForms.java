package dev.cdcready.clickpipes.safety.secrets;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A secret and the forms it could leak in: as typed, Base64 and hex of its UTF-8 bytes. Counts every place it was
 * looked for, for the report.
 */
final class SecretForms {

    private static int placesChecked;

    private final String name;
    private final List<String> forms;

    SecretForms(String name, String secret) {
        this.name = name;
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        this.forms = List.of(secret, Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes), HexFormat.of().formatHex(bytes));
    }

    /** Fails when {@code text} holds the secret in any form (hex compared case-insensitively). */
    void assertAbsentFrom(String where, String text) {
        placesChecked++;
        String lower = text.toLowerCase(Locale.ROOT);
        for (String form : forms) {
            assertFalse(text.contains(form) || lower.contains(form.toLowerCase(Locale.ROOT)),
                    () -> name + " (as " + (form.equals(forms.get(0)) ? "plain text" : "an encoding") + ") found in "
                            + where);
        }
    }

    static int placesChecked() {
        return placesChecked;
    }
}
