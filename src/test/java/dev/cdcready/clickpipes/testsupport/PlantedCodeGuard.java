package dev.cdcready.clickpipes.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which any server logged a {@link PlantedObjects#MARKER}: a session of the bundle ran code
 * planted outside pg_catalog. Registered for every test by {@code junit-platform.properties} (extension
 * auto-detection) and {@code META-INF/services}.
 */
public final class PlantedCodeGuard implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName());
    }

    /**
     * @param after what just ran, for the message
     * @throws AssertionError when a server logged a marker since the last check (which then forgets it)
     */
    public static void check(String after) {
        var found = PlantedMarkers.takeFound();
        if (!found.isEmpty()) {
            throw new AssertionError("Planted code outside pg_catalog ran in a session that is not the test "
                    + "harness's own (after " + after + "):\n" + String.join("\n", found));
        }
    }
}
