/**
 * The findings every report is made of, and the pre-check's concerns that belong to no single guide step (settings,
 * the search_path, IAM, poolers, what ClickPipes would miss); each step's own requirements and the pre-check that runs
 * them all live in {@code step}. What users catch and read is {@link dev.cdcready.clickpipes.precheck.PreCheckRefusedException} with its
 * {@link dev.cdcready.clickpipes.precheck.PreCheckReport}, {@link dev.cdcready.clickpipes.precheck.Finding},
 * {@link dev.cdcready.clickpipes.precheck.FindingCode} and {@link dev.cdcready.clickpipes.precheck.Severity};
 * everything else here is Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.precheck;
