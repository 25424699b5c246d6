package dev.cdcready.clickpipes.safety.secrets;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The search the secrets tests rely on finds a password in each form it claims to. */
class SecretFormsTest {

    private static final String SECRET = "Zq7-probe-ü-password";
    private final SecretForms forms = new SecretForms("the probe", SECRET);

    @Test
    void findsThePlainText() {
        assertThrows(AssertionFailedError.class, () -> forms.assertAbsentFrom("text", "x " + SECRET + " y"));
    }

    @Test
    void findsBase64AndHexOfTheUtf8Bytes() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        assertThrows(AssertionFailedError.class, () -> forms.assertAbsentFrom("text",
                "Basic " + Base64.getEncoder().encodeToString(bytes)));
        assertThrows(AssertionFailedError.class, () -> forms.assertAbsentFrom("text",
                "\\x" + HexFormat.of().withUpperCase().formatHex(bytes)));
    }

    @Test
    void passesTextWithoutIt() {
        forms.assertAbsentFrom("text", "Zq7-probe- password SCRAM-SHA-256$4096:abc");
    }
}
