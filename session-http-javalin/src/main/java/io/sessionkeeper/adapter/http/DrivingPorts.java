package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import io.sessionkeeper.domain.port.in.BandwidthUseCase;
import io.sessionkeeper.domain.port.in.ChangeRateLimitUseCase;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import io.sessionkeeper.domain.port.in.ExportSessionsUseCase;
import io.sessionkeeper.domain.port.in.GetSessionTimelineUseCase;
import io.sessionkeeper.domain.port.in.GetSessionUseCase;
import io.sessionkeeper.domain.port.in.ListSessionsUseCase;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase;
import io.sessionkeeper.domain.port.in.ManageAlertRulesUseCase;
import io.sessionkeeper.domain.port.in.ManageAlertsUseCase;
import io.sessionkeeper.domain.port.in.ManageCustomersUseCase;
import io.sessionkeeper.domain.port.in.ManageNasUseCase;
import io.sessionkeeper.domain.port.in.ManageTenantUseCase;
import io.sessionkeeper.domain.port.in.ManageTokensUseCase;
import io.sessionkeeper.domain.port.in.ManageWebhooksUseCase;
import io.sessionkeeper.domain.port.in.MultiDeviceUseCase;
import io.sessionkeeper.domain.port.in.NasHealthUseCase;
import io.sessionkeeper.domain.port.in.PeakTimesUseCase;
import io.sessionkeeper.domain.port.in.RecordQualityUseCase;
import io.sessionkeeper.domain.port.in.SessionComparisonUseCase;
import io.sessionkeeper.domain.port.in.SessionQualityUseCase;
import io.sessionkeeper.domain.port.in.SessionStatisticsUseCase;
import io.sessionkeeper.domain.port.in.TerminateSessionUseCase;
import io.sessionkeeper.domain.port.in.TopUsersUseCase;

/** The use cases the API drives; the app passes its services. */
public record DrivingPorts(
        AuthenticateUseCase authenticate,
        ListSessionsUseCase listSessions,
        GetSessionUseCase getSession,
        SessionStatisticsUseCase statistics,
        CleanupStaleSessionsUseCase cleanup,
        TerminateSessionUseCase terminate,
        ChangeRateLimitUseCase changeRateLimit,
        ManageNasUseCase nas,
        ManageCustomersUseCase customers,
        ManageTokensUseCase tokens,
        ManageTenantUseCase tenant,
        History history,
        Alerting alerting,
        Quality quality,
        Analytics analytics) {
    /** What happened over time: exports, a session's timeline, bandwidth series, who held an address when. */
    public record History(
            ExportSessionsUseCase export,
            GetSessionTimelineUseCase timeline,
            BandwidthUseCase bandwidth,
            LookupAddressUseCase addresses) {
        public History {
            InvalidValueException.require(
                    export != null && timeline != null && bandwidth != null && addresses != null,
                    "drivingPorts",
                    "every use case is required");
        }
    }

    /** Session quality: pushed measurements, a session's series. */
    public record Quality(RecordQualityUseCase record, SessionQualityUseCase series) {
        public Quality {
            InvalidValueException.require(
                    record != null && series != null, "drivingPorts", "every use case is required");
        }
    }

    /** Alert rules, alerts, webhooks. */
    public record Alerting(ManageAlertRulesUseCase rules, ManageAlertsUseCase alerts, ManageWebhooksUseCase webhooks) {
        public Alerting {
            InvalidValueException.require(
                    rules != null && alerts != null && webhooks != null, "drivingPorts", "every use case is required");
        }
    }

    /** Peak times, session comparison, multi-device detection, NAS health, top users (issue 16). */
    public record Analytics(
            PeakTimesUseCase peakTimes,
            SessionComparisonUseCase comparison,
            MultiDeviceUseCase multiDevice,
            NasHealthUseCase nasHealth,
            TopUsersUseCase topUsers) {
        public Analytics {
            InvalidValueException.require(
                    peakTimes != null
                            && comparison != null
                            && multiDevice != null
                            && nasHealth != null
                            && topUsers != null,
                    "drivingPorts",
                    "every use case is required");
        }
    }

    public DrivingPorts {
        InvalidValueException.require(
                authenticate != null
                        && listSessions != null
                        && getSession != null
                        && statistics != null
                        && cleanup != null
                        && terminate != null
                        && changeRateLimit != null
                        && nas != null
                        && customers != null
                        && tokens != null
                        && tenant != null
                        && history != null
                        && alerting != null
                        && quality != null
                        && analytics != null,
                "drivingPorts",
                "every use case is required");
    }
}
