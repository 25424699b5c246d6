/**
 * clickpipes-aurora-flyway: a Flyway migration bundle that makes Aurora PostgreSQL, RDS or plain PostgreSQL a ready
 * ClickHouse ClickPipes CDC source. Public API: {@link dev.cdcready.clickpipes.ClickPipesException} and the packages
 * whose package-info says so.
 */
package dev.cdcready.clickpipes;
