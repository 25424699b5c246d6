/** Internal: the executable jar. Private API. No compatibility guarantees provided. */
package dev.cdcready.clickpipes.cli;
