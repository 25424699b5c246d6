/**
 * The Flyway location {@code classpath:db/clickpipes}: the bundle's migrations and its callback, as thin classes that
 * delegate to {@code dev.cdcready.clickpipes}. Their class names are recorded in Flyway's history table and must not
 * change.
 */
package db.clickpipes;
