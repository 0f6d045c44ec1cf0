package io.sessionkeeper.adapter.radius.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A bare UDP socket on loopback for tests that need to send exact octets or play a peer. */
public final class UdpPeer implements AutoCloseable {
    private final DatagramSocket socket;

    public UdpPeer() {
        this(InetAddress.getLoopbackAddress(), 0);
    }

    public UdpPeer(InetAddress address, int port) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void send(byte[] octets, int port) {
        send(octets, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public void send(byte[] octets, InetSocketAddress destination) {
        try {
            socket.send(new DatagramPacket(octets, octets.length, destination));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram within {@code millis}, if any. */
    public Optional<Received> receive(int millis) {
        byte[] buffer = new byte[4096];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(millis);
            socket.receive(datagram);
            return Optional.of(new Received(
                    Arrays.copyOf(buffer, datagram.getLength()), (InetSocketAddress) datagram.getSocketAddress()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every datagram that arrives until none came for {@code quietMillis}. */
    public List<Received> receiveAll(int quietMillis) {
        List<Received> all = new ArrayList<>();
        Optional<Received> next;
        while ((next = receive(quietMillis)).isPresent()) {
            all.add(next.get());
        }
        return all;
    }

    @Override
    public void close() {
        socket.close();
    }

    /** A datagram and where it came from. */
    public record Received(byte[] octets, InetSocketAddress source) {}
}
