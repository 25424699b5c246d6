package dev.cdcready.clickpipes.hosts;

/**
 * What one Flyway command line run ended with.
 *
 * @param exitCode the process's exit code
 * @param output   its standard output and standard error, interleaved
 */
record CommandLineRun(int exitCode, String output) {
}
