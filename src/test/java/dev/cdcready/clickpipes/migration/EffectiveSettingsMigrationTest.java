package dev.cdcready.clickpipes.migration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import db.clickpipes.R__Grant_schema_access;
import db.clickpipes.R__Maintain_publication;
import dev.cdcready.clickpipes.ClickPipesException;
import org.junit.jupiter.api.Test;

class EffectiveSettingsMigrationTest {

    @Test
    void aChecksumAskedForWithoutGetResolvedMigrationFailsLoudlyInsteadOfBeingNull() {
        for (EffectiveSettingsMigration migration : new EffectiveSettingsMigration[] {
                new R__Grant_schema_access(), new R__Maintain_publication()}) {
            ClickPipesException error = assertThrows(ClickPipesException.class, migration::getChecksum);
            assertTrue(error.getMessage().contains("without calling getResolvedMigration"), error.getMessage());
            assertTrue(error.getMessage().contains(migration.getClass().getName()), error.getMessage());
        }
    }
}
