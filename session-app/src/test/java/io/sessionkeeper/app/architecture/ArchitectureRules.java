package io.sessionkeeper.app.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** The architecture as rules: the hexagon, the domain's purity, and each framework kept in its own adapter. */
final class ArchitectureRules {
    static final String BASE = "io.sessionkeeper";

    private ArchitectureRules() {}

    /**
     * Onion: the model depends on nothing else of ours; ports on the model; services on ports and model; each
     * adapter on the domain only, never on another adapter. The app module (Dagger wiring) sits outside.
     */
    static final ArchRule HEXAGON = onionArchitecture()
            .domainModels(BASE + ".domain.model..")
            .domainServices(BASE + ".domain.port..")
            .applicationServices(BASE + ".domain.service..")
            .adapter("radius", BASE + ".adapter.radius..")
            .adapter("persistence", BASE + ".adapter.persistence..")
            .adapter("http", BASE + ".adapter.http..")
            .ignoreDependency(resideInAPackage(BASE + ".app.."), alwaysTrue())
            .withOptionalLayers(true)
            .as("hexagon: model <- ports <- services <- adapters; adapters never depend on each other");

    static final ArchRule DOMAIN_IS_PURE = classes()
            .that()
            .resideInAPackage(BASE + ".domain..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(BASE + ".domain..", "java..", "jakarta.inject..")
            .as("the domain depends on the JDK and jakarta.inject only");

    static final ArchRule JOOQ_ONLY_IN_PERSISTENCE = confined("org.jooq..", BASE + ".adapter.persistence..", "jOOQ");

    static final ArchRule JDBC_POOL_AND_MIGRATIONS_ONLY_IN_PERSISTENCE = noClasses()
            .that()
            .resideOutsideOfPackages(BASE + ".adapter.persistence..", BASE + ".app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.zaxxer.hikari..", "org.flywaydb..", "org.postgresql..", "io.zonky..")
            .as("HikariCP, Flyway, the PostgreSQL driver and embedded PostgreSQL stay in persistence (and app wiring)");

    static final ArchRule JAVALIN_ONLY_IN_HTTP = confined("io.javalin..", BASE + ".adapter.http..", "Javalin");

    static final ArchRule JRADIUS_ONLY_IN_RADIUS = confined("net.jradius..", BASE + ".adapter.radius..", "jradius");

    static final ArchRule DAGGER_ONLY_IN_APP = confined("dagger..", BASE + ".app..", "Dagger");

    /**
     * The load generator (module session-loadgen, ADR 0026) is a tool beside the service: nothing that ships in the
     * service's jar refers to it, so the production jar never carries a load tool.
     */
    static final ArchRule PRODUCTION_NEVER_USES_THE_LOAD_GENERATOR = noClasses()
            .that()
            .resideInAnyPackage(BASE + ".domain..", BASE + ".adapter..", BASE + ".app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BASE + ".loadgen..")
            .as("the domain, the adapters and the app never depend on the load generator");

    /**
     * The app wires and configures; every statement the service runs is the persistence adapter's. (Its load-test
     * verifier once held SQL on sessions and radacct here: it moved to session-loadgen.)
     */
    static final ArchRule NO_SQL_IN_APP = noClasses()
            .that()
            .resideInAPackage(BASE + ".app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.sql..")
            .as("the app runs no SQL of its own: JDBC (java.sql) is used by the persistence adapter only");

    /**
     * The RADIUS accounting pipeline works on bytes: only the listener (and the Disconnect/CoA client) hold sockets;
     * the receiver, the writers and the answers reach the network through {@code Answers.Sender} (issue 12), so that
     * they are tested with byte arrays and a socket has one owner.
     */
    static final ArchRule ONLY_THE_LISTENER_HOLDS_SOCKETS = noClasses()
            .that()
            .resideInAPackage(BASE + ".adapter.radius")
            .and()
            .haveNameNotMatching(".*\\.(AccountingListener|RadiusDisconnector)(\\$.*)?")
            .should()
            .dependOnClassesThat()
            .haveNameMatching("java\\.net\\.Datagram(Socket|Packet)|java\\.nio\\.channels\\..*")
            .as("in the RADIUS adapter only AccountingListener and RadiusDisconnector use sockets");

    /**
     * Accounting writes apart from queries: only the unit of work ({@code PostgresAccountingUnits}) runs the
     * accounting statements (the upsert, the original octets, the reads by column position); the listings, counts
     * and closes of {@code PostgresSessionRepository} do not reach into them (issue 12).
     */
    static final ArchRule ACCOUNTING_WRITES_ONLY_IN_THE_UNIT_OF_WORK = noClasses()
            .that()
            .resideInAPackage(BASE + ".adapter.persistence..")
            .and()
            .haveNameNotMatching(
                    ".*\\.(PostgresAccountingUnits|SessionUpsert|OriginalOctetsUpdate|SessionRows)(\\$.*)?")
            .should()
            .dependOnClassesThat()
            .haveNameMatching(".*\\.adapter\\.persistence\\.(SessionUpsert|OriginalOctetsUpdate|SessionRows)")
            .as("only PostgresAccountingUnits runs the accounting statements");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(BASE + ".(**)")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(resideInAPackage(BASE + ".adapter.persistence.jooq.."), alwaysTrue())
            .as("no cycles between packages (jOOQ's generated code excepted)");

    static ArchRule confined(String library, String home, String name) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(home)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(library)
                .as(name + " stays in " + home);
    }
}
