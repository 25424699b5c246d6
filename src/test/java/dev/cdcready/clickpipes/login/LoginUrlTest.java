package dev.cdcready.clickpipes.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoginUrlTest {

    @Test
    void dropsTheAdminCredentialsFromTheUrlSoTheReplicationLoginIsClickpipesUsers() {
        assertEquals("jdbc:postgresql://h:5432/app", LoginUrl.withoutCredentials(
                "jdbc:postgresql://h:5432/app?user=postgres&password=secret"));
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", LoginUrl.withoutCredentials(
                "jdbc:postgresql://h:5432/app?user=postgres&sslmode=require&password=secret"));
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", LoginUrl.withoutCredentials(
                "jdbc:postgresql://h:5432/app?sslmode=require"));
    }
}
