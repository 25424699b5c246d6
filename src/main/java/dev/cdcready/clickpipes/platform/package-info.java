/** Public API: what kind of server the bundle talks to (Aurora, RDS, plain PostgreSQL) and how it is reached. */
package dev.cdcready.clickpipes.platform;
