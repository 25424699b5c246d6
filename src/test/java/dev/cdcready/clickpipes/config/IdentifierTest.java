package dev.cdcready.clickpipes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Quoting and printing names found in the catalog, which configuration would refuse. */
class IdentifierTest {

    @Test
    void aNameWithoutControlCharactersIsDoubleQuotedWithItsQuotesDoubled() {
        assertEquals("\"Sales\"", new Identifier("Sales").quoted());
        assertEquals("\"back\\slash\"\"quote\"", new Identifier("back\\slash\"quote").quoted());
        assertEquals("\" padded\"", new Identifier(" padded").quoted());
    }

    @Test
    void aNameWithControlCharactersIsUnicodeEscapedSoTheStatementStaysOneLine() {
        assertEquals("U&\"tenant\\000Aowner\"", new Identifier("tenant\nowner").quoted());
        assertEquals("U&\"a\\\\b\"\"c\\0009\"", new Identifier("a\\b\"c\t").quoted());
    }

    @Test
    void aNameConfigurationWouldRefuseIsPrintedEscapedAndQuoted() {
        assertEquals("Sales", new Identifier("Sales").toString());
        assertEquals("'tenant\\u000aowner'", new Identifier("tenant\nowner").toString());
        assertEquals("' padded'", new Identifier(" padded").toString());
    }

    @Test
    void configurationStillRefusesWhatOnlyTheCatalogMayHold() {
        assertThrows(InvalidSettingException.class, () -> Identifier.of("clickpipes_schemas", "tenant\nowner"));
        assertThrows(InvalidSettingException.class, () -> Identifier.of("clickpipes_schemas", " padded"));
        assertThrows(IllegalArgumentException.class, () -> new Identifier("nul\0"));
        assertThrows(IllegalArgumentException.class, () -> new Identifier("x".repeat(64)));
    }
}
