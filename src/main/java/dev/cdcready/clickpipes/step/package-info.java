/**
 * Internal: the manual guide's steps, one class each — what the step needs, what differs between the desired and the
 * actual catalog, how to apply only that difference, how to verify it and how to undo it. Migrate, plan, verify and
 * teardown are views of these classes. Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.step;
