package io.sessionkeeper.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Leaves out the factories Dagger generates when the app's components build a class by its {@code @Inject}
 * constructor ({@code AccountingService_Factory}, ADR 0028). Dagger writes them into the package of the class they
 * build, so those of the domain's services land in {@code io.sessionkeeper.domain.service} — but in the app's own
 * output and jar, never in the domain's jar, which stays free of Dagger. None of our classes has a name with
 * {@code _Factory} or {@code _MembersInjector}.
 */
public final class DoNotIncludeDaggerFactories implements ImportOption {
    private static final Pattern GENERATED = Pattern.compile(".*_(Factory|MembersInjector)\\.class$");

    @Override
    public boolean includes(Location location) {
        return !location.matches(GENERATED);
    }
}
