package dev.cdcready.clickpipes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h:5432/db?password=S3cret|jdbc:postgresql://h:5432/db?password=***",
        "jdbc:postgresql://h/db?user=u&PASSWORD=S3cret&ssl=true|jdbc:postgresql://h/db?user=u&PASSWORD=***&ssl=true",
        "jdbc:postgresql://h/db?sslpassword=S3cret&password=S3cret|jdbc:postgresql://h/db?sslpassword=***&password=***",
        "jdbc:postgresql://h/db?sslkey=/keys/S3cret.pk8&SSLKeyPassword=S3cret"
                + "|jdbc:postgresql://h/db?sslkey=***&SSLKeyPassword=***",
        "jdbc:postgresql://u:S3cret@h1:5432,h2:5433/db|jdbc:postgresql://u:***@h1:5432,h2:5433/db",
        "jdbc:postgresql://u:S3cret@h/db?password=S3cret|jdbc:postgresql://u:***@h/db?password=***",
        "jdbc:postgresql:db?password=S3cret|jdbc:postgresql:db?password=***",
        "jdbc:aws-wrapper:postgresql://h/db?awsSecretsManagerSecretId=S3cret&token=S3cret"
                + "|jdbc:aws-wrapper:postgresql://h/db?awsSecretsManagerSecretId=***&token=***",
        "jdbc:postgresql://h/db?password=|jdbc:postgresql://h/db?password=***"
    })
    void redactsUserInfoAndEverySecretParameterCaseInsensitively(String url, String expected) {
        assertEquals(expected, JdbcUrl.redact(url));
        assertFalse(JdbcUrl.redact(url).contains("S3cret"));
    }

    @Test
    void keepsWhatIsNotSecretAndIsIdempotent() {
        String url = "jdbc:postgresql://u@h:5432/db?user=u&ssl=true&ApplicationName=x";
        assertEquals(url, JdbcUrl.redact(url));
        String once = JdbcUrl.redact("jdbc:postgresql://h/db?password=S3cret");
        assertEquals(once, JdbcUrl.redact(once));
        assertNull(JdbcUrl.redact(null));
    }

    @Test
    void redactsEveryUrlInsideAMessageAndAJsonDocument() {
        String message = "Unable to obtain connection from database (jdbc:postgresql://h/db?password=S3cret) for "
                + "user 'u': FATAL; see jdbc:postgresql://u:S3cret@h/db.";
        String redacted = JdbcUrl.redact(message);
        assertFalse(redacted.contains("S3cret"), redacted);
        // A secret's value runs to the next parameter: a closing bracket after it goes too, rather than risk a leak.
        assertTrue(redacted.startsWith("Unable to obtain connection from database (jdbc:postgresql://h/db?password=***"
                + " for user 'u'"), redacted);
        assertTrue(redacted.endsWith("jdbc:postgresql://u:***@h/db."), redacted);
        assertEquals("{\"url\":\"jdbc:postgresql://h/db?password=***\"}",
                JdbcUrl.redact("{\"url\":\"jdbc:postgresql://h/db?password=S3cret\"}"));
    }

    @Test
    void movesThePasswordsOutOfTheUrlIntoDecodedProperties() {
        JdbcUrl url = JdbcUrl.of("jdbc:postgresql://h:5432/db?user=u&Password=p%26w+x&ssl=true&sslpassword=k%3Dy");
        assertEquals("jdbc:postgresql://h:5432/db?user=u&ssl=true", url.driverUrl());
        Properties properties = new Properties();
        properties.setProperty("password", "from-FLYWAY_PASSWORD");
        url.addTo(properties);
        assertEquals("p&w x", properties.getProperty("password"), "the URL's password wins, as in the driver");
        assertEquals("k=y", properties.getProperty("sslpassword"));
        assertFalse(url.toString().contains("p&w"));
    }

    @Test
    void movesUserInfoIntoProperties() {
        JdbcUrl url = JdbcUrl.of("jdbc:postgresql://admin:S3c%40ret@h1:5432,h2/db?ssl=true");
        assertEquals("jdbc:postgresql://h1:5432,h2/db?ssl=true", url.driverUrl());
        Properties properties = url.addTo(new Properties());
        assertEquals("admin", properties.getProperty("user"));
        assertEquals("S3c@ret", properties.getProperty("password"));
    }

    @Test
    void leavesAUrlWithoutSecretsAsItIs() {
        String plain = "jdbc:postgresql://h:5432/db?user=u";
        assertEquals(plain, JdbcUrl.of(plain).driverUrl());
        assertTrue(JdbcUrl.of(plain).addTo(new Properties()).isEmpty());
        assertEquals("jdbc:postgresql://h/db", JdbcUrl.of("jdbc:postgresql://h/db?password=x").driverUrl());
    }

    @Test
    void aUrlForAnotherRoleHoldsNeitherTheMigratingRolesUserNorItsPassword() {
        assertEquals("jdbc:postgresql://h:5432/app", JdbcUrl.forAnotherRole(
                "jdbc:postgresql://h:5432/app?user=postgres&password=secret"));
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", JdbcUrl.forAnotherRole(
                "jdbc:postgresql://h:5432/app?user=postgres&sslmode=require&password=secret"));
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", JdbcUrl.forAnotherRole(
                "jdbc:postgresql://h:5432/app?sslmode=require"));
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", JdbcUrl.forAnotherRole(
                "jdbc:postgresql://postgres:secret@h:5432/app?USER=postgres&sslmode=require&Password=s%26cret"));
    }
}
