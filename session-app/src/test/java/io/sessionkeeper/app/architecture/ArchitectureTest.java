package io.sessionkeeper.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules over every production class of every module (the app module sees them all). */
@AnalyzeClasses(
        packages = ArchitectureRules.BASE,
        importOptions = {
            ImportOption.DoNotIncludeTests.class,
            DoNotIncludeTestJars.class,
            DoNotIncludeDaggerFactories.class
        })
class ArchitectureTest {
    @ArchTest
    static final ArchRule hexagon = ArchitectureRules.HEXAGON;

    @ArchTest
    static final ArchRule domainIsPure = ArchitectureRules.DOMAIN_IS_PURE;

    @ArchTest
    static final ArchRule jooqOnlyInPersistence = ArchitectureRules.JOOQ_ONLY_IN_PERSISTENCE;

    @ArchTest
    static final ArchRule databaseLibrariesOnlyInPersistence =
            ArchitectureRules.JDBC_POOL_AND_MIGRATIONS_ONLY_IN_PERSISTENCE;

    @ArchTest
    static final ArchRule javalinOnlyInHttp = ArchitectureRules.JAVALIN_ONLY_IN_HTTP;

    @ArchTest
    static final ArchRule jradiusOnlyInRadius = ArchitectureRules.JRADIUS_ONLY_IN_RADIUS;

    @ArchTest
    static final ArchRule daggerOnlyInApp = ArchitectureRules.DAGGER_ONLY_IN_APP;

    @ArchTest
    static final ArchRule productionNeverUsesTheLoadGenerator =
            ArchitectureRules.PRODUCTION_NEVER_USES_THE_LOAD_GENERATOR;

    @ArchTest
    static final ArchRule noSqlInApp = ArchitectureRules.NO_SQL_IN_APP;

    @ArchTest
    static final ArchRule providesNeverReturnsAnInjectable = ArchitectureRules.PROVIDES_NEVER_RETURNS_AN_INJECTABLE;

    @ArchTest
    static final ArchRule wiringNeverCallsAnInjectConstructor =
            ArchitectureRules.WIRING_NEVER_CALLS_AN_INJECT_CONSTRUCTOR;

    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;

    @ArchTest
    static final ArchRule onlyTheListenerHoldsSockets = ArchitectureRules.ONLY_THE_LISTENER_HOLDS_SOCKETS;

    @ArchTest
    static final ArchRule accountingWritesOnlyInTheUnitOfWork =
            ArchitectureRules.ACCOUNTING_WRITES_ONLY_IN_THE_UNIT_OF_WORK;
}
