package io.sessionkeeper.adapter.radius.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A UDP relay on loopback between a NAS and a server that loses the first {@code dropResponses} answers on the
 * way back, as a network can: the NAS then retransmits the very same packet.
 */
public final class LossyRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final DatagramSocket upstream;
    private final InetSocketAddress server;
    private final List<byte[]> responses = new ArrayList<>();
    private final Thread forward;
    private final Thread backward;
    private volatile SocketAddress client;
    private volatile boolean running = true;
    private int toDrop;

    public LossyRelay(int serverPort, int dropResponses) {
        try {
            front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            front.setSoTimeout(100);
            upstream.setSoTimeout(100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        toDrop = dropResponses;
        forward = new Thread(this::forward, "relay-forward");
        backward = new Thread(this::backward, "relay-backward");
        forward.start();
        backward.start();
    }

    public int port() {
        return front.getLocalPort();
    }

    /** Every answer the server sent, dropped or not. */
    public synchronized List<byte[]> responsesFromServer() {
        return List.copyOf(responses);
    }

    private void forward() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                front.receive(datagram);
                client = datagram.getSocketAddress();
                upstream.send(new DatagramPacket(buffer, datagram.getLength(), server));
            } catch (SocketTimeoutException e) {
                // look at running again
            } catch (IOException e) {
                return;
            }
        }
    }

    private void backward() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                upstream.receive(datagram);
                byte[] octets = Arrays.copyOf(buffer, datagram.getLength());
                boolean drop;
                synchronized (this) {
                    responses.add(octets);
                    drop = toDrop > 0;
                    if (drop) {
                        toDrop--;
                    }
                }
                if (!drop && client != null) {
                    front.send(new DatagramPacket(octets, octets.length, client));
                }
            } catch (SocketTimeoutException e) {
                // look at running again
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        forward.join(1000);
        backward.join(1000);
        front.close();
        upstream.close();
    }
}
