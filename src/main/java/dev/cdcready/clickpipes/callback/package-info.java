/** Internal: what the bundle's Flyway callback does at each event. Private API. No compatibility guarantees provided. */
package dev.cdcready.clickpipes.callback;
