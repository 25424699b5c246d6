/** Public API: the one entry point for running the bundle from an application through the Flyway API. */
package dev.cdcready.clickpipes.api;
