package dev.cdcready.clickpipes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.platform.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsReaderTest {

    @Test
    void appliesTheDocumentedDefaults() {
        ClickPipesSettings settings = SettingsReader.read(Map.of(), Map.of());
        assertEquals("clickpipes_user", settings.user().value());
        assertEquals(List.of(new Identifier("public")), settings.schemas());
        assertEquals("clickpipes_publication", settings.publication().value());
        assertEquals(PublicationScope.ALL_TABLES, settings.scope());
        assertTrue(settings.tableOwners().auto());
        assertEquals(Optional.empty(), settings.platform());
        assertEquals("30s", settings.lockTimeout());
        assertFalse(settings.password().isConfigured());
        assertFalse(settings.rotatePassword(), "the shared password is never replaced unless asked");
    }

    @Test
    void rotationIsRequestedOnlyByAnExplicitTrue() {
        assertTrue(SettingsReader.read(Map.of("CLICKPIPES_ROTATE_PASSWORD", " TRUE "), Map.of()).rotatePassword());
        assertFalse(SettingsReader.read(Map.of("clickpipes_rotate_password", "false"), Map.of()).rotatePassword());
    }

    @Test
    void readsPlaceholderNamesCaseInsensitivelyAsFlywayDoes() {
        ClickPipesSettings settings = SettingsReader.read(Map.of("CLICKPIPES_SCHEMAS", "public, Sales ",
                "Clickpipes_Platform", "RDS"), Map.of());
        assertEquals(List.of(new Identifier("public"), new Identifier("Sales")), settings.schemas());
        assertEquals(Optional.of(Platform.RDS), settings.platform());
    }

    @Test
    void keepsQuotedNamesWithCommasAndDotsExactly() {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_schemas", "\"a,b\",\"my.schema\"",
                "clickpipes_publication_scope", "tables", "clickpipes_tables", "\"my.schema\".\"Order \"\"x\"\"\""),
                Map.of());
        assertEquals(List.of(new Identifier("a,b"), new Identifier("my.schema")), settings.schemas());
        assertEquals("Order \"x\"", settings.tables().get(0).table().value());
        assertEquals("\"my.schema\".\"Order \"\"x\"\"\"", settings.tables().get(0).quoted());
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
        "clickpipes_user|postgres",
        "clickpipes_user|pg_monitor",
        "clickpipes_user|rds_superuser",
        "clickpipes_user|public",
        "clickpipes_user|bad\"name",
        "clickpipes_user|drop;role",
        "clickpipes_user|1abc",
        "clickpipes_user|''",
        "clickpipes_publication|pub lication",
        "clickpipes_schemas|public,,sales",
        "clickpipes_schemas|''",
        "clickpipes_publication_scope|everything",
        "clickpipes_platform|azure",
        "clickpipes_lock_timeout|forever",
        "clickpipes_lock_timeout|0",
        "clickpipes_lock_timeout|0s",
        "clickpipes_lock_timeout|35792min",
        "clickpipes_tables|public.orders",
        "clickpipes_table_owners|''",
        "clickpipes_rotate_password|yes"
    })
    void refusesUnusableValuesNamingTheSetting(String setting, String value) {
        InvalidSettingException error = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of(setting, value), Map.of()));
        String expectedSetting = setting.equals("clickpipes_table_owners") && value.isEmpty()
                ? "clickpipes_table_owners" : setting;
        assertEquals(expectedSetting, error.setting());
        assertTrue(error.getMessage().contains(setting), error.getMessage());
    }

    @Test
    void refusesControlCharactersAndOverlongNamesWithoutEchoingThemRaw() {
        InvalidSettingException newline = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_schemas", "pub\nlic"), Map.of()));
        assertFalse(newline.getMessage().contains("\n"), "a hostile value must not forge a second log line");
        assertTrue(newline.getMessage().contains("\\u000a"));
        String longName = "s".repeat(64);
        assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_schemas", longName), Map.of()));
        assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_schemas", "a\u0000b"), Map.of()));
    }

    @Test
    void acceptsMixedCaseAndUnicodeRoleNames() {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", "ClickPipes_Réplica"), Map.of());
        assertEquals("\"ClickPipes_Réplica\"", settings.user().quoted());
    }

    @Test
    void refusesATableOutsideTheGrantedSchemas() {
        InvalidSettingException error = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_publication_scope", "tables",
                        "clickpipes_tables", "sales.items"), Map.of()));
        assertTrue(error.getMessage().contains("Add sales to clickpipes_schemas"), error.getMessage());
    }

    @Test
    void prefersThePasswordFileThenTheEnvironmentThenThePlaceholder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\nsecond line ignored", StandardCharsets.UTF_8);
        Map<String, String> environment = Map.of("CLICKPIPES_PASSWORD", "from-env");
        assertEquals("from-file", reveal(SettingsReader.read(Map.of("clickpipes_password_file", file.toString(),
                "clickpipes_password", "from-placeholder"), environment)));
        assertEquals("from-env", reveal(SettingsReader.read(Map.of("clickpipes_password", "from-placeholder"),
                environment)));
        assertEquals("from-placeholder", reveal(SettingsReader.read(Map.of("clickpipes_password",
                "from-placeholder"), Map.of())));
    }

    @Test
    void settingsPrintTheirPasswordSourceNeverThePassword() {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_password", "s3cr3t-value"), Map.of());
        assertFalse(settings.toString().contains("s3cr3t-value"), settings.toString());
        assertTrue(settings.toString().contains("placeholder clickpipes_password"));
        try (Secret secret = settings.password().read()) {
            assertEquals("<masked>", secret.toString());
        }
    }

    @Test
    void refusesABlankPasswordAndWipesItAfterUse() {
        ClickPipesSettings blank = SettingsReader.read(Map.of("clickpipes_password", "   "), Map.of());
        assertThrows(InvalidSettingException.class, () -> blank.password().read());
        Secret secret = SettingsReader.read(Map.of("clickpipes_password", "abc"), Map.of()).password().read();
        char[] chars = secret.chars();
        secret.close();
        assertEquals("\0\0\0", new String(chars));
    }

    @Test
    void saysWhichFileCannotBeReadWithoutTheExceptionText(@TempDir Path dir) {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_password_file",
                dir.resolve("missing").toString()), Map.of());
        InvalidSettingException error = assertThrows(InvalidSettingException.class, () -> settings.password().read());
        assertEquals("clickpipes_password_file", error.setting());
    }

    @ParameterizedTest(name = "clickpipes_schemas={0} is refused as a system or history schema")
    @CsvSource(delimiter = '|', value = {
        "public,pg_catalog|pg_catalog|system catalogs",
        "information_schema|information_schema|information schema",
        "pg_toast|pg_toast|system catalogs",
        "pg_temp_3|pg_temp_3|system catalogs",
        "public,pg_anything|pg_anything|system catalogs",
        "clickpipes_flyway|clickpipes_flyway|history table"
    })
    void refusesSystemSchemasAndTheHistorySchemaSayingWhy(String value, String schema, String why) {
        InvalidSettingException error = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_schemas", value), Map.of()));
        assertEquals("clickpipes_schemas", error.setting());
        assertTrue(error.getMessage().contains("'" + schema + "'") && error.getMessage().contains(why),
                error.getMessage());
        assertTrue(error.fix().contains("Remove " + schema + " from clickpipes_schemas"), error.fix());
    }

    @Test
    void refusesATableInASystemSchemaWithoutAdvisingToGrantThatSchema() {
        InvalidSettingException error = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_publication_scope", "tables",
                        "clickpipes_tables", "pg_catalog.pg_authid"), Map.of()));
        assertEquals("clickpipes_tables", error.setting());
        assertFalse(error.fix().contains("Add pg_catalog"), error.fix());
    }

    @Test
    void acceptsSchemasPostgresqlDoesNotReserve() {
        // PostgreSQL reserves pg_ in lower case only; quoted upper-case names are ordinary schemas.
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_schemas",
                "PG_Sales,\"Information_Schema\",pgsales,my_clickpipes_flyway"), Map.of());
        assertEquals(4, settings.schemas().size());
    }

    @Test
    void refusesTheSchemaTheFlywayConfigurationKeepsItsHistoryInAndSaysHowToMoveIt() {
        InvalidSettingException error = assertThrows(InvalidSettingException.class,
                () -> SettingsReader.read(Map.of("clickpipes_schemas", "public,sales"), Map.of(), "sales"));
        assertEquals("clickpipes_schemas", error.setting());
        assertTrue(error.getMessage().contains("history table"), error.getMessage());
        assertTrue(error.fix().contains("-schemas=clickpipes_flyway"), error.fix());
        assertEquals(2, SettingsReader.read(Map.of("clickpipes_schemas", "public,sales"), Map.of(),
                "clickpipes_flyway").schemas().size());
    }

    @ParameterizedTest(name = "a password with U+{0} from {1} is refused")
    @CsvSource({
        "0000, clickpipes_password", "000a, clickpipes_password", "000d, CLICKPIPES_PASSWORD",
        "0009, CLICKPIPES_PASSWORD", "001b, clickpipes_password", "007f, CLICKPIPES_PASSWORD",
        "0000, clickpipes_password_file", "0001, clickpipes_password_file", "007f, clickpipes_password_file"
    })
    void refusesPasswordsWithControlCharactersFromEverySourceNamingItButNeverThePassword(
            String code, String source, @TempDir Path dir) throws Exception {
        String password = "Pass" + (char) Integer.parseInt(code, 16) + "word-7788";
        Map<String, String> placeholders = Map.of();
        Map<String, String> environment = Map.of();
        switch (source) {
            case "clickpipes_password" -> placeholders = Map.of(source, password);
            case "CLICKPIPES_PASSWORD" -> environment = Map.of(source, password);
            default -> {
                Path file = dir.resolve("pw");
                Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
                placeholders = Map.of(source, file.toString());
            }
        }
        ClickPipesSettings settings = SettingsReader.read(placeholders, environment);
        InvalidSettingException error = assertThrows(InvalidSettingException.class, () -> settings.password().read());
        assertEquals(source, error.setting());
        String text = error.getMessage() + error.fix();
        assertTrue(text.contains("control character") || text.contains("NUL") || text.contains("line break"), text);
        assertTrue(text.contains("libpq"), text);
        for (String part : List.of("Pass", "word-7788")) {
            assertFalse(text.contains(part), "the error shows part of the password: " + text);
        }
    }

    @Test
    void aPasswordFileEndingInCarriageReturnAndNewlineIsTheFirstLineOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "windows-line\r\n", StandardCharsets.UTF_8);
        assertEquals("windows-line", reveal(SettingsReader.read(Map.of("clickpipes_password_file", file.toString()),
                Map.of())));
    }

    private static String reveal(ClickPipesSettings settings) {
        try (Secret secret = settings.password().read()) {
            return new String(secret.chars());
        }
    }
}
