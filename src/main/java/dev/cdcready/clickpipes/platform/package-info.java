/**
 * Internal: what kind of server the bundle talks to (Aurora, RDS, plain PostgreSQL) and how it is reached.
 * Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.platform;
