/**
 * The bundle's settings, read from Flyway placeholders and the environment and validated before any reaches SQL.
 * {@link dev.cdcready.clickpipes.config.InvalidSettingException} is what users catch; everything else here is
 * Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.config;
