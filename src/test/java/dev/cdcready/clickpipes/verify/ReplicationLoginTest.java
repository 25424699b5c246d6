package dev.cdcready.clickpipes.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplicationLoginTest {

    @Test
    void dropsTheAdminCredentialsFromTheUrlSoTheReplicationLoginIsClickpipesUsers() {
        assertEquals("jdbc:postgresql://h:5432/app", ReplicationLogin.withoutCredentials(
                "jdbc:postgresql://h:5432/app?user=postgres&password=secret"));
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", ReplicationLogin.withoutCredentials(
                "jdbc:postgresql://h:5432/app?user=postgres&sslmode=require&password=secret"));
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", ReplicationLogin.withoutCredentials(
                "jdbc:postgresql://h:5432/app?sslmode=require"));
    }
}
