package io.sessionkeeper.benchmarks;

import io.sessionkeeper.adapter.radius.codec.AccountingRequestDecoder;
import io.sessionkeeper.adapter.radius.codec.AccountingRequestValues;
import io.sessionkeeper.adapter.radius.codec.AccountingResponseEncoder;
import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.MalformedPacketException;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import io.sessionkeeper.loadgen.AccountingRequestWriter;
import io.sessionkeeper.loadgen.SessionPlan;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receiver thread's per-packet work on an Interim-Update with gigawords as the load generator sends it:
 * structural check, Request Authenticator (MD5), the decode (ADR 0053); and the writer's per-packet answer (encode + MD5).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PacketBenchmark {
    private final byte[] secret = Authenticators.secretBytes("bench-secret");
    private final AccountingRequestDecoder decoder = new AccountingRequestDecoder();
    private final AccountingResponseEncoder encoder = new AccountingResponseEncoder();
    private byte[] datagram;
    private RawPacket parsed;

    @Setup
    public void setUp() throws UnknownHostException, MalformedPacketException {
        Inet4Address nas = (Inet4Address) InetAddress.getByName("127.0.0.2");
        datagram = new AccountingRequestWriter()
                .write(new SessionPlan("jmh", 3), 12345, 3, 7, nas, secret, 900, 1_767_225_600L);
        parsed = RawPacket.parse(datagram, 0, datagram.length);
    }

    /** RawPacket.parse + Request Authenticator check. */
    @Benchmark
    public boolean validate() throws MalformedPacketException {
        return Authenticators.requestAuthenticatorValid(RawPacket.parse(datagram, 0, datagram.length), secret);
    }

    /** What the receiver does with an accepted packet: validate, then decode into plain values. */
    @Benchmark
    public AccountingRequestValues validateAndDecode() throws MalformedPacketException {
        RawPacket packet = RawPacket.parse(datagram, 0, datagram.length);
        if (!Authenticators.requestAuthenticatorValid(packet, secret)) {
            throw new IllegalStateException("bad authenticator");
        }
        return decoder.decode(packet);
    }

    /** The Accounting-Response of one committed packet (jradius pack + MD5 Response Authenticator). */
    @Benchmark
    public byte[] encodeResponse() {
        return encoder.encode(parsed.identifier(), parsed.authenticator(), List.of(), secret);
    }
}
