/**
 * Internal: the publication guide step's rule, what must change for the publication to match the settings. Shared by
 * the pre-check, the migration and the verification, so it sits below all three.
 * Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.publication;
