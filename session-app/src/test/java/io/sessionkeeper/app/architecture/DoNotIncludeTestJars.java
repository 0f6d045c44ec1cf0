package io.sessionkeeper.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/** Leaves out other modules' test-jars (their fixtures and tests), which DoNotIncludeTests does not recognise. */
public final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
        return !location.contains("-tests.jar");
    }
}
