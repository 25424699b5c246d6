/**
 * The pre-check that refuses, before anything is written, a server or role that cannot be a ClickPipes CDC source.
 * What users catch and read is {@link dev.cdcready.clickpipes.precheck.PreCheckRefusedException} with its
 * {@link dev.cdcready.clickpipes.precheck.PreCheckReport}, {@link dev.cdcready.clickpipes.precheck.Finding},
 * {@link dev.cdcready.clickpipes.precheck.FindingCode} and {@link dev.cdcready.clickpipes.precheck.Severity};
 * everything else here is Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.precheck;
