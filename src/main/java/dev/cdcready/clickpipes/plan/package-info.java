/** Internal: what a migrate would do, for the plan command. Private API. No compatibility guarantees provided. */
package dev.cdcready.clickpipes.plan;
