/**
 * Public API for the thin Flyway classes in {@code db.clickpipes}: the steps each bundle migration performs, and the
 * guard each one runs first. Everything else here is internal.
 */
package dev.cdcready.clickpipes.migration;
