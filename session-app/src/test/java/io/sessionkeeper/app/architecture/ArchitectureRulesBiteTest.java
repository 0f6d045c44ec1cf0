package io.sessionkeeper.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.sessionkeeper.adapter.http.HttpAdapterFixture;
import io.sessionkeeper.adapter.http.cyclea.CycleA;
import io.sessionkeeper.adapter.http.cycleb.CycleB;
import io.sessionkeeper.adapter.persistence.StatementOutsideTheUnitFixture;
import io.sessionkeeper.adapter.radius.CrossAdapterFixture;
import io.sessionkeeper.app.cli.LoadToolInAppFixture;
import io.sessionkeeper.app.wiring.DoubleWiringFixture;
import io.sessionkeeper.domain.model.ImpureDomainFixture;
import org.junit.jupiter.api.Test;

/** The rules must be able to fail: each meets a deliberate violation kept in test sources. */
class ArchitectureRulesBiteTest {
    private final JavaClasses violations = new ClassFileImporter()
            .importClasses(
                    ImpureDomainFixture.class,
                    HttpAdapterFixture.class,
                    CrossAdapterFixture.class,
                    CycleA.class,
                    CycleB.class,
                    LoadToolInAppFixture.class,
                    DoubleWiringFixture.class,
                    StatementOutsideTheUnitFixture.class);

    @Test
    void domainReachingIntoAnAdapterBreaksTheHexagonAndPurity() {
        EvaluationResult hexagon = ArchitectureRules.HEXAGON.evaluate(violations);
        EvaluationResult purity = ArchitectureRules.DOMAIN_IS_PURE.evaluate(violations);

        assertThat(hexagon.hasViolation()).isTrue();
        assertThat(hexagon.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("ImpureDomainFixture") && line.contains("HttpAdapterFixture"));
        assertThat(purity.getFailureReport().getDetails()).anyMatch(line -> line.contains("org.assertj"));
    }

    @Test
    void anAdapterDependingOnAnotherBreaksTheHexagon() {
        assertThat(ArchitectureRules.HEXAGON
                        .evaluate(violations)
                        .getFailureReport()
                        .getDetails())
                .anyMatch(line -> line.contains("CrossAdapterFixture") && line.contains("HttpAdapterFixture"));
    }

    @Test
    void aLibraryOutsideItsModuleIsCaught() {
        EvaluationResult result = ArchitectureRules.confined(
                        "org.assertj..", ArchitectureRules.BASE + ".adapter.http..", "AssertJ")
                .evaluate(violations);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("ImpureDomainFixture"));
    }

    @Test
    void aPackageCycleIsCaught() {
        EvaluationResult result = ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(violations);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("cyclea").contains("cycleb");
    }

    @Test
    void theAppReachingForTheLoadGeneratorIsCaught() {
        EvaluationResult result = ArchitectureRules.PRODUCTION_NEVER_USES_THE_LOAD_GENERATOR.evaluate(violations);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("LoadToolInAppFixture") && line.contains("LoadgenFixture"));
    }

    @Test
    void sqlInTheAppIsCaught() {
        EvaluationResult result = ArchitectureRules.NO_SQL_IN_APP.evaluate(violations);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("LoadToolInAppFixture") && line.contains("java.sql.PreparedStatement"));
    }

    @Test
    void aProvidesMethodBuildingAnInjectableClassIsCaught() {
        EvaluationResult result = ArchitectureRules.PROVIDES_NEVER_RETURNS_AN_INJECTABLE.evaluate(violations);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("DoubleWiringFixture.accounting(")
                        && line.contains("returns io.sessionkeeper.domain.service.AccountingService"))
                .noneMatch(line -> line.contains("DoubleWiringFixture.tracking("));
    }

    @Test
    void theWiringCallingAnInjectConstructorBehindAnInterfaceIsCaught() {
        EvaluationResult result = ArchitectureRules.WIRING_NEVER_CALLS_AN_INJECT_CONSTRUCTOR.evaluate(violations);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line ->
                        line.contains("DoubleWiringFixture.tracking(") && line.contains("AccountingService.<init>"));
    }

    @Test
    void anAccountingStatementRunOutsideTheUnitOfWorkIsCaught() {
        EvaluationResult result = ArchitectureRules.ACCOUNTING_WRITES_ONLY_IN_THE_UNIT_OF_WORK.evaluate(violations);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("StatementOutsideTheUnitFixture") && line.contains("SessionUpsert"));
    }
}
