/** Public API: verification of the finished setup against the catalog. */
package dev.cdcready.clickpipes.verify;
