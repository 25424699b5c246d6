/**
 * Internal: the steps each bundle migration performs and the guard each one runs first, for the thin Flyway classes in
 * {@code db.clickpipes}. Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.migration;
