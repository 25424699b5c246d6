/** Public API: the bundle's settings, read from Flyway placeholders and validated before any reaches SQL. */
package dev.cdcready.clickpipes.config;
