/**
 * The schema-access step's statements, shared by the migration that applies them and the verification whose fixes
 * print them. Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.access;
