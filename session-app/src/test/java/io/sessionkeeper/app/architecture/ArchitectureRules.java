package io.sessionkeeper.app.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dagger.Provides;

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
            .adapter("quality", BASE + ".adapter.quality..")
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
     * accounting statements (the upsert, the original octets); the listings, counts and closes of {@code
     * PostgresSessionRepository} do not reach into them (issue 12). Reading rows into sessions ({@code SessionRows})
     * is not a statement: the export's reader shares it.
     */
    static final ArchRule ACCOUNTING_WRITES_ONLY_IN_THE_UNIT_OF_WORK = noClasses()
            .that()
            .resideInAPackage(BASE + ".adapter.persistence..")
            .and()
            .haveNameNotMatching(
                    ".*\\.(PostgresAccountingUnits|SessionUpsert|OriginalOctetsUpdate|NasActivityUpsert)(\\$.*)?")
            .should()
            .dependOnClassesThat()
            .haveNameMatching(".*\\.adapter\\.persistence\\.(SessionUpsert|OriginalOctetsUpdate|NasActivityUpsert)")
            .as("only PostgresAccountingUnits runs the accounting statements");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(BASE + ".(**)")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(resideInAPackage(BASE + ".adapter.persistence.jooq.."), alwaysTrue())
            .as("no cycles between packages (jOOQ's generated code excepted)");

    /**
     * One way of wiring (ADR 0028): a class with an {@code @Inject} constructor (every domain service, as
     * docs/embedding.md promises) is built by that constructor, never again by a {@code @Provides} method of the
     * app's wiring, whose copy of the constructor's arguments would drift from it.
     */
    static final ArchRule PROVIDES_NEVER_RETURNS_AN_INJECTABLE = methods()
            .that()
            .areAnnotatedWith(Provides.class)
            .and()
            .areDeclaredInClassesThat()
            .resideInAPackage(BASE + ".app.wiring..")
            .should(notReturnATypeWithAnInjectConstructor())
            .as("a @Provides method of the wiring never returns a type that has an @Inject constructor");

    /**
     * The same, behind an interface: the wiring never calls such a constructor itself (say, a {@code @Provides} of a
     * use case that returns {@code new AccountingService(...)}). Dagger's generated components are left out: they
     * build through the generated factories, which is the {@code @Inject} way.
     */
    static final ArchRule WIRING_NEVER_CALLS_AN_INJECT_CONSTRUCTOR = noClasses()
            .that()
            .resideInAPackage(BASE + ".app.wiring..")
            .and()
            .haveNameNotMatching(".*\\.Dagger[^.]*")
            .should()
            .callConstructorWhere(DescribedPredicate.describe(
                    "the constructor of a class that has an @Inject constructor",
                    (JavaAccess<?> call) -> hasInjectConstructor(call.getTargetOwner())))
            .as("the wiring never calls the constructor of a class that has an @Inject constructor");

    static boolean hasInjectConstructor(JavaClass type) {
        return type.getConstructors().stream()
                .anyMatch(constructor -> constructor.isAnnotatedWith("jakarta.inject.Inject")
                        || constructor.isAnnotatedWith("javax.inject.Inject"));
    }

    private static ArchCondition<JavaMethod> notReturnATypeWithAnInjectConstructor() {
        return new ArchCondition<>("not return a type that has an @Inject constructor") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                JavaClass returned = method.getRawReturnType();
                boolean violated = hasInjectConstructor(returned);
                events.add(new SimpleConditionEvent(
                        method,
                        !violated,
                        method.getFullName() + (violated ? " returns " : " does not return ") + returned.getName()
                                + ", which has an @Inject constructor: bind it by that constructor"));
            }
        };
    }

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
