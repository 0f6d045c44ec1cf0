package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import io.sessionkeeper.domain.port.in.ExportSessionsUseCase;
import io.sessionkeeper.domain.port.in.ListSessionsUseCase;

/**
 * The harness's driving ports with one use case replaced, for tests that wrap or break one: the record is listed
 * once here instead of in every such test.
 */
final class ReplacedPort {
    private ReplacedPort() {}

    static DrivingPorts authenticate(DrivingPorts p, AuthenticateUseCase authenticate) {
        return new DrivingPorts(
                authenticate,
                p.listSessions(),
                p.getSession(),
                p.statistics(),
                p.cleanup(),
                p.terminate(),
                p.changeRateLimit(),
                p.nas(),
                p.customers(),
                p.tokens(),
                p.tenant(),
                p.history(),
                p.alerting(),
                p.quality(),
                p.analytics());
    }

    static DrivingPorts listSessions(DrivingPorts p, ListSessionsUseCase listSessions) {
        return new DrivingPorts(
                p.authenticate(),
                listSessions,
                p.getSession(),
                p.statistics(),
                p.cleanup(),
                p.terminate(),
                p.changeRateLimit(),
                p.nas(),
                p.customers(),
                p.tokens(),
                p.tenant(),
                p.history(),
                p.alerting(),
                p.quality(),
                p.analytics());
    }

    static DrivingPorts export(DrivingPorts p, ExportSessionsUseCase export) {
        return new DrivingPorts(
                p.authenticate(),
                p.listSessions(),
                p.getSession(),
                p.statistics(),
                p.cleanup(),
                p.terminate(),
                p.changeRateLimit(),
                p.nas(),
                p.customers(),
                p.tokens(),
                p.tenant(),
                new DrivingPorts.History(
                        export,
                        p.history().timeline(),
                        p.history().bandwidth(),
                        p.history().addresses()),
                p.alerting(),
                p.quality(),
                p.analytics());
    }
}
