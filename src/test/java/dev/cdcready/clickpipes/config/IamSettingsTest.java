package dev.cdcready.clickpipes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IamSettingsTest {

    private static final String SECRET = "Iam-has-no-password-1";

    @Test
    void passwordIsTheDefaultAndIamIsReadInAnyCase() {
        assertEquals(Authentication.PASSWORD, SettingsReader.read(Map.of(), Map.of()).auth());
        assertEquals(Authentication.IAM, SettingsReader.read(Map.of("CLICKPIPES_AUTH", " IAM "), Map.of()).auth());
    }

    @Test
    void anUnknownKindIsRefusedNamingTheChoices() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_auth", "kerberos"), Map.of()));
        assertEquals("clickpipes_auth", e.setting());
        assertTrue(e.getMessage().contains("password") && e.getMessage().contains("iam"), e.getMessage());
    }

    @Test
    void iamWithAPasswordFromTheEnvironmentOrAPlaceholderIsRefusedWithoutPrintingIt() {
        refusedWithoutSecret(Map.of("clickpipes_auth", "iam"), Map.of("CLICKPIPES_PASSWORD", SECRET));
        refusedWithoutSecret(Map.of("clickpipes_auth", "iam", "clickpipes_password", SECRET), Map.of());
    }

    private static void refusedWithoutSecret(Map<String, String> placeholders, Map<String, String> environment) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(placeholders, environment));
        assertEquals("clickpipes_auth", e.setting());
        assertTrue(e.getMessage().contains("clickpipes_auth=password"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void iamWithRotationIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SettingsReader.read(
                Map.of("clickpipes_auth", "iam", "clickpipes_rotate_password", "true"), Map.of()));
        assertEquals("clickpipes_rotate_password", e.setting());
    }
}
