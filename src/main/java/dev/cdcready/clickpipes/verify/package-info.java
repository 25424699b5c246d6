/**
 * Verification of the finished setup against the catalog.
 * {@link dev.cdcready.clickpipes.verify.VerificationFailedException} is what users catch; everything else here is
 * Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.verify;
