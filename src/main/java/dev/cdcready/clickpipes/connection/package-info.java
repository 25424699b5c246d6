/**
 * Internal: what the bundle does to a connection it owns before anyone else uses it — pin a safe search_path, refuse
 * a history schema someone else controls. Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.connection;
