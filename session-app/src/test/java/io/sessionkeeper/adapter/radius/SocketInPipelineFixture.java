package io.sessionkeeper.adapter.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;

/** A deliberate violation for ArchitectureRulesBiteTest: a pipeline class of the RADIUS adapter sending itself. */
public final class SocketInPipelineFixture {
    void answer(DatagramSocket socket, byte[] response) throws IOException {
        socket.send(new DatagramPacket(response, response.length));
    }
}
