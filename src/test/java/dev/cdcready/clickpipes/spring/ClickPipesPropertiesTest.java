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
                null, null);
    }

    @Test
    void everySetPropertyBecomesItsPlaceholderAndUnsetOnesKeepTheBundlesDefaults() {
        ClickPipesProperties properties = new ClickPipesProperties(true, List.of("public", "sales"), "cp",
                null, "/run/secrets/cp", "pub", "tables", List.of("public.orders", "sales.invoices"),
                List.of("app", "etl"), "aurora", "5s", null, true);

        assertEquals(Map.of(
                "clickpipes_schemas", "public,sales",
                "clickpipes_user", "cp",
                "clickpipes_password_file", "/run/secrets/cp",
                "clickpipes_publication", "pub",
                "clickpipes_publication_scope", "tables",
                "clickpipes_tables", "public.orders,sales.invoices",
                "clickpipes_table_owners", "app,etl",
                "clickpipes_platform", "aurora",
                "clickpipes_lock_timeout", "5s",
                "clickpipes_rotate_password", "true"), properties.placeholders(Map.of()));
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
                null, null, null, new ClickPipesProperties.Connection("jdbc:postgresql://h/db", "postgres", SECRET), null);

        String text = properties.toString();

        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("password=<masked>") && text.contains("username=postgres"), text);
    }
}
