/**
 * Public API: the pre-check that refuses, before anything is written, a server or role that cannot be a ClickPipes
 * CDC source, with findings that say what was found, what is required and how to fix it.
 */
package dev.cdcready.clickpipes.precheck;
