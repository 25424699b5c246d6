/**
 * Public API: the optional Spring Boot auto-configuration. With {@code clickpipes.enabled=true} it runs the bundle as a
 * Flyway run of its own, after the application's own database initialization (its {@code spring.flyway} migrations
 * included). Spring Boot is an optional dependency: without it nothing here is loaded.
 */
package dev.cdcready.clickpipes.spring;
