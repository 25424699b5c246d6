/**
 * Internal: real logins as clickpipes_user, to learn what SQL cannot tell: whether a password is the role's.
 *
 * <p>Private API. No compatibility guarantees provided.
 */
package dev.cdcready.clickpipes.login;
