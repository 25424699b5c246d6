/**
 * Internal: read-only catalog queries shared by the pre-check, the migrations and the verification.
 * Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.catalog;
