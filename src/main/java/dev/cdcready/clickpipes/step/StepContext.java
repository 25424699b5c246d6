package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.platform.ServerFacts;
import java.sql.Connection;

/**
 * What a step works with, after the guard passed.
 *
 * @param connection the migration's connection, inside its transaction
 * @param settings validated settings
 * @param facts the server
 * @param platform the effective platform
 * @param catalog catalog queries on {@code connection}
 * @param sql where the step's statements go: the server, or a plan
 */
public record StepContext(Connection connection, ClickPipesSettings settings, ServerFacts facts, Platform platform,
                          Catalog catalog, StatementSink sql) {
}
