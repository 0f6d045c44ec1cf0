package io.sessionkeeper.loadgen;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generator speaks plain RFC 2866 to any server: of SessionKeeper it reuses the RADIUS codec only (octets,
 * authenticators, constants), never the domain, an adapter's runtime or the app. The rules that production code
 * never depends on the generator are in session-app's ArchitectureRules.
 */
class LoadgenBoundariesTest {
    static final ArchRule ONLY_THE_CODEC_OF_SESSIONKEEPER = noClasses()
            .that()
            .resideInAPackage("io.sessionkeeper.loadgen..")
            .should()
            .dependOnClassesThat(resideInAPackage("io.sessionkeeper..")
                    .and(not(resideInAnyPackage(
                            "io.sessionkeeper.loadgen..", "io.sessionkeeper.adapter.radius.codec.."))))
            .as("the load generator uses nothing of SessionKeeper but the RADIUS codec");

    @Test
    void theGeneratorUsesNothingOfSessionKeeperButTheRadiusCodec() {
        // this module's compiled classes only (scanning the whole class path for the package takes seconds)
        JavaClasses production = new ClassFileImporter().importPath(Path.of("target", "classes"));

        assertThat(production.contain(LoadGenerator.class)).isTrue();
        ONLY_THE_CODEC_OF_SESSIONKEEPER.check(production);
    }

    @Test
    void theRuleCatchesAGeneratorClassThatReachesIntoTheListener() {
        // this test class itself: it drives the real listener through AccountingTestBed
        JavaClasses violation = new ClassFileImporter().importClasses(LoadgenBoundariesTest.class);

        assertThat(ONLY_THE_CODEC_OF_SESSIONKEEPER
                        .evaluate(violation)
                        .getFailureReport()
                        .getDetails())
                .anyMatch(line -> line.contains(AccountingTestBed.class.getName()));
    }

    @SuppressWarnings("unused")
    private static int listenerPort(AccountingTestBed bed) {
        return bed.port();
    }
}
