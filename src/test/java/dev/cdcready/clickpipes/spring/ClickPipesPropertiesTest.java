package dev.cdcready.clickpipes.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickPipesPropertiesTest {

    private static final String SECRET = "Never-printed-1";

    private static ClickPipesProperties withPassword(String password, String passwordFile) {
        return new ClickPipesProperties(true, null, null, password, passwordFile, null, null, null, null, null, null,
                null, null, null);
    }

    @Test
    void everySetPropertyBecomesItsPlaceholderAndUnsetOnesKeepTheBundlesDefaults() {
        ClickPipesProperties properties = new ClickPipesProperties(true, List.of("public", "sales"), "cp",
                null, "/run/secrets/cp", "pub", "tables", List.of("public.orders", "sales.invoices"),
                List.of("app", "etl"), "aurora", "5s", null, true, "iam");

        assertEquals(Map.ofEntries(
                Map.entry("clickpipes_schemas", "public,sales"),
                Map.entry("clickpipes_user", "cp"),
                Map.entry("clickpipes_password_file", "/run/secrets/cp"),
                Map.entry("clickpipes_publication", "pub"),
                Map.entry("clickpipes_publication_scope", "tables"),
                Map.entry("clickpipes_tables", "public.orders,sales.invoices"),
                Map.entry("clickpipes_table_owners", "app,etl"),
                Map.entry("clickpipes_platform", "aurora"),
                Map.entry("clickpipes_lock_timeout", "5s"),
                Map.entry("clickpipes_rotate_password", "true"),
                Map.entry("clickpipes_auth", "iam")), properties.placeholders(Map.of()));
        assertEquals(Map.of(), withPassword(null, null).placeholders(Map.of()));
    }

    @Test
    void passwordPropertyIsPassedOnlyWhenNeitherTheFileNorTheEnvironmentVariableIsSet() {
        assertEquals(Map.of("clickpipes_password", SECRET), withPassword(SECRET, null).placeholders(Map.of()));
        // Spring also binds CLICKPIPES_PASSWORD to clickpipes.password; the bundle reads the variable itself.
        assertEquals(Map.of(), withPassword(SECRET, null).placeholders(Map.of("CLICKPIPES_PASSWORD", SECRET)));
        assertEquals(Map.of("clickpipes_password_file", "/f"), withPassword(SECRET, "/f").placeholders(Map.of()));
    }

    @Test
    void toStringMasksBothPasswords() {
        ClickPipesProperties properties = new ClickPipesProperties(true, null, "cp", SECRET, null, null, null, null,
                null, null, null, new ClickPipesProperties.Connection("jdbc:postgresql://h/db", "postgres", SECRET), null,
                null);

        String text = properties.toString();

        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("password=<masked>") && text.contains("username=postgres"), text);
    }
}
