package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load loses nothing that was acknowledged: a NAS fleet sends Starts while the service is told to
 * stop; after a restart every session whose Accounting-Response arrived is in the database.
 */
class GracefulShutdownIT {
    private static final String SECRET = "shutdown-secret";
    private static final int SOCKETS = 12;
    private static final int PER_SOCKET = 250;

    @Test
    void everyAcknowledgedPacketIsStoredWhenTheServiceIsStoppedUnderLoad() throws Exception {
        Path dataDir = ScratchDirectories.create("sessionkeeper-shutdown");
        ServiceProcess service = ServiceProcess.start(dataDir, Map.of());
        assertThat(service.api().post("/api/nas", """
                        {"name":"Fleet","ipAddress":"127.0.0.1","secret":"%s"}""".formatted(SECRET)).status())
                .isEqualTo(201);
        Thread.sleep(
                1_500); // the RADIUS side re-reads the NAS list (SESSION_NAS_REFRESH=1s; API changes apply at once)
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), service.radiusPort());

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<DatagramSocket> sockets = new ArrayList<>();
        List<Thread> receivers = new ArrayList<>();
        byte[][][] sent = new byte[SOCKETS][PER_SOCKET][];
        for (int s = 0; s < SOCKETS; s++) {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(200);
            sockets.add(socket);
            int index = s;
            Thread receiver = new Thread(() -> receive(socket, sent[index], index, acknowledged), "nas-" + s);
            receiver.setDaemon(true);
            receiver.start();
            receivers.add(receiver);
        }

        int total = SOCKETS * PER_SOCKET;
        for (int i = 0; i < PER_SOCKET; i++) {
            if (i == PER_SOCKET / 2) {
                // the first half is answered before the stop comes, in the middle of the second half
                int firstHalf = SOCKETS * PER_SOCKET / 2;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (acknowledged.size() < firstHalf && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(acknowledged)
                        .as("first half answered; metrics:%n%s%n%s", metrics(service), service.output())
                        .hasSize(firstHalf);
            }
            if (i == PER_SOCKET * 3 / 4) {
                service.sendTerm();
            }
            for (int s = 0; s < SOCKETS; s++) {
                byte[] packet = TestPacket.start(i, sessionId(s, i), "user-" + s + "-" + i)
                        .sign(SECRET);
                sent[s][i] = packet;
                sockets.get(s).send(new DatagramPacket(packet, packet.length, target));
            }
            Thread.sleep(1);
        }
        assertThat(service.awaitExit(120)).as(service.output()).isTrue();
        Thread.sleep(500);
        sockets.forEach(DatagramSocket::close);
        for (Thread receiver : receivers) {
            receiver.join(5_000);
        }

        assertThat(acknowledged)
                .as("some packets were acknowledged before the stop")
                .isNotEmpty();
        assertThat(service.output()).contains("stopping: draining accounting").contains("stopped");

        try (ServiceProcess restarted = ServiceProcess.start(dataDir, Map.of())) {
            Set<String> stored = storedSessionIds(restarted.api());
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertThat(lost).as("acknowledged but not stored").isEmpty();
            System.out.printf(
                    "graceful shutdown: sent %d, acknowledged %d, stored %d%n",
                    total, acknowledged.size(), stored.size());
        }
    }

    private static String metrics(ServiceProcess service) {
        String raw = service.api().get("/metrics").raw();
        return raw.lines()
                .filter(l -> l.startsWith("sessionkeeper_radius"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String sessionId(int socket, int index) {
        return "GS-" + socket + "-" + index;
    }

    private static void receive(DatagramSocket socket, byte[][] sent, int socketIndex, Set<String> acknowledged) {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            byte[] response = Arrays.copyOf(datagram.getData(), datagram.getLength());
            int identifier = response[1] & 0xff;
            byte[] request = identifier < sent.length ? sent[identifier] : null;
            if (request != null && TestPacket.validResponse(response, request, SECRET)) {
                acknowledged.add(sessionId(socketIndex, identifier));
            }
        }
    }

    private static Set<String> storedSessionIds(ApiClient api) {
        Set<String> ids = new HashSet<>();
        int page = 1;
        while (true) {
            JsonNode body = api.get("/api/sessions?status=all&pageSize=100&page=" + page)
                    .body();
            body.get("sessions").forEach(s -> ids.add(s.get("sessionId").asText()));
            if ((long) page * 100 >= body.get("total").asLong()) {
                return ids;
            }
            page++;
        }
    }
}
