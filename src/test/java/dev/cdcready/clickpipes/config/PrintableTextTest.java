package dev.cdcready.clickpipes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Printed text never carries a control character from a name raw, and a printed statement stays valid SQL. */
class PrintableTextTest {

    @Test
    void textWithoutControlCharactersIsReturnedAsItIs() {
        String text = "GRANT SELECT ON TABLE \"Sales\".\"a\"\"b\" TO \"clickpipes_user\";";
        assertSame(text, PrintableText.prose(text));
        assertSame(text, PrintableText.sql(text));
    }

    @Test
    void aQuotedIdentifierWithALineBreakBecomesItsUnicodeEscapedForm() {
        String fix = "Run migrate again, or: GRANT SELECT ON TABLE tenant.\"orders\nINFO all \"\"fine\"\"\" TO \"u\";";
        assertEquals("Run migrate again, or: GRANT SELECT ON TABLE tenant.U&\"orders\\000AINFO all \"\"fine\"\"\" TO "
                + "\"u\";", PrintableText.prose(fix));
    }

    @Test
    void proseEscapesEveryOtherControlCharacterWhileSqlKeepsItsLineBreaks() {
        assertEquals("role x\\u000aERROR y is not a member", PrintableText.prose("role x\nERROR y is not a member"));
        String statement = "ALTER DEFAULT PRIVILEGES FOR ROLE \"a\tb\"\n    GRANT SELECT ON TABLES TO \"u\"";
        assertEquals("ALTER DEFAULT PRIVILEGES FOR ROLE U&\"a\\0009b\"\n    GRANT SELECT ON TABLES TO \"u\"",
                PrintableText.sql(statement));
    }

    @Test
    void anAlreadyEscapedIdentifierAndAnUnclosedQuoteAreLeftSafe() {
        assertEquals("U&\"a\\000Ab\" and \\u000a", PrintableText.prose("U&\"a\\000Ab\" and \n"));
        assertEquals("\"open\\u000aquote", PrintableText.prose("\"open\nquote"));
    }
}
