package dev.cdcready.clickpipes.platform;

/** The PostgreSQL majors the bundle supports: refuse below the minimum, only warn above the newest tested. */
public final class SupportedVersions {
    /** Aurora PostgreSQL 12 is the oldest the ClickPipes guide supports. */
    public static final int MINIMUM_MAJOR = 12;
    /** The newest major the test suite runs against. */
    public static final int NEWEST_TESTED_MAJOR = 18;

    private SupportedVersions() {
    }
}
