/**
 * Internal: removing what the bundle set up, for the teardown command.
 * Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.teardown;
