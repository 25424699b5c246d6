package dev.cdcready.clickpipes.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveOwnersTest {

    @Test
    void autoMeansTheMigratingRoleAndEveryTableOwnerButNeverClickpipesUserItself() {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", "cp"), Map.of());
        assertEquals(List.of("app", "master", "reports"),
                EffectiveOwners.resolve(settings, "master", List.of("reports", "app", "cp", "app")));
    }

    @Test
    void configuredOwnersAreTakenAsGivenAndTheTablesOwnersIgnored() {
        ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", "cp",
                "clickpipes_table_owners", "app,cp"), Map.of());
        assertEquals(List.of("app"), EffectiveOwners.resolve(settings, "master", List.of("reports")));
    }
}
