package dev.cdcready.clickpipes.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.platform.Platform;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClickPipeSourceTest {

    private static final ClickPipesSettings PASSWORD = SettingsReader.read(Map.of("clickpipes_user", "cp"), Map.of());
    private static final ClickPipesSettings IAM = SettingsReader.read(Map.of("clickpipes_user", "cp",
            "clickpipes_auth", "iam"), Map.of());

    @Test
    void theWriterEndpointIsEnteredAsItIsWithItsPort() {
        ClickPipeSource source = ClickPipeSource.of(
                "jdbc:postgresql://app.cluster-abc123.eu-west-1.rds.amazonaws.com:6432/shop", "shop", Platform.AURORA,
                PASSWORD);
        assertEquals("app.cluster-abc123.eu-west-1.rds.amazonaws.com", source.host());
        assertEquals(Optional.empty(), source.hostNote());
        assertEquals(6432, source.port());
        assertEquals("password", source.json().get("authentication"));
        assertEquals("clickpipes_publication", source.json().get("publication"));
    }

    @Test
    void aReaderEndpointIsReplacedByTheClustersWriterEndpoint() {
        ClickPipeSource source = ClickPipeSource.of(
                "jdbc:postgresql://app.cluster-ro-abc123.eu-west-1.rds.amazonaws.com/shop", "shop", Platform.AURORA,
                PASSWORD);
        assertEquals("app.cluster-abc123.eu-west-1.rds.amazonaws.com", source.host());
        assertEquals(5432, source.port());
        assertTrue(source.hostNote().orElseThrow().contains("reader endpoint"), source.hostNote().toString());
    }

    @Test
    void anAuroraInstanceEndpointNamesTheWriterEndpointOfItsAccountAndRegion() {
        ClickPipeSource source = ClickPipeSource.of(
                "jdbc:postgresql://app-instance-1.abc123.eu-west-1.rds.amazonaws.com:5432/shop", "shop",
                Platform.AURORA, PASSWORD);
        String note = source.hostNote().orElseThrow();
        assertTrue(note.contains("<cluster>.cluster-abc123.eu-west-1.rds.amazonaws.com"), note);
        assertEquals(Optional.empty(), ClickPipeSource.of(
                "jdbc:postgresql://db-1.abc123.eu-west-1.rds.amazonaws.com/shop", "shop", Platform.RDS, PASSWORD)
                .hostNote(), "on RDS the instance endpoint is the writer");
    }

    @Test
    void iamNamesTheResourceWithTheRegionOfTheHostAndNoPasswordIsEverTakenFromTheUrl() {
        ClickPipeSource source = ClickPipeSource.of(
                "jdbc:postgresql://master:Url-secret-1@app.cluster-abc123.us-east-2.rds.amazonaws.com/shop"
                        + "?password=Url-secret-2", "shop", Platform.AURORA, IAM);
        assertEquals("app.cluster-abc123.us-east-2.rds.amazonaws.com", source.host());
        assertEquals("arn:aws:rds-db:us-east-2:<account>:dbuser:<resource-id>/cp", source.iamResource().orElseThrow());
        assertEquals("iam", source.json().get("authentication"));
        String all = source.text() + source.json();
        assertFalse(all.contains("Url-secret"), all);
        assertTrue(source.text().contains("rds-db:connect"), source.text());
    }

    @Test
    void aLoopbackHostSaysToEnterTheAddressClickHouseCloudReaches() {
        ClickPipeSource source = ClickPipeSource.of("jdbc:postgresql://127.0.0.1:55432/demo", "demo",
                Platform.POSTGRES, PASSWORD);
        assertEquals(55432, source.port());
        assertTrue(source.hostNote().orElseThrow().contains("ClickHouse Cloud"), source.hostNote().toString());
    }
}
