package dev.agentcollab.core.http.internal;

import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The header-read deadline of HTTP/1.1 connections, which Jetty's idle timeout alone does not give: a client that
 * sends one header byte every few seconds never goes idle. A connection must deliver a complete request line and
 * headers within the timeout of its opening, and a kept-alive one within the timeout of the first byte of its next
 * request; otherwise it is closed.
 *
 * <p>Built on Jetty's public API only: as a {@link Connection.Listener} bean of the connector it learns of each
 * connection's opening and closing (and gets its {@link EndPoint} to close); as the {@link NetworkTrafficListener}
 * of a {@code NetworkTrafficServerConnector} it sees the bytes each connection reads, so the first byte arriving
 * while no request is being handled arms the deadline; the {@link DispatchHandler} clears it when Jetty hands over
 * a parsed request ({@link #requestStarted}) and reopens the watch when the request ends ({@link #requestEnded}).
 * Connections are told apart by their remote address. Bytes of a next request that arrived together with the end
 * of the previous one (pipelining) start no deadline; its later bytes do. Thread safe.
 */
final class HeaderDeadlines implements Connection.Listener, NetworkTrafficListener {
    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final Map<SocketAddress, Watch> watches = new ConcurrentHashMap<>();

    /**
     * Creates the deadlines.
     *
     * @param scheduler the connector's scheduler
     * @param timeout the time allowed for a request line and headers
     */
    HeaderDeadlines(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        if (remote == null) {
            return;
        }
        Watch watch = new Watch(endPoint);
        watches.put(remote, watch);
        watch.arm();
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        Watch watch = remote == null ? null : watches.get(remote);
        if (watch != null && watch.endPoint == endPoint) {
            watches.remove(remote, watch);
            watch.disarm();
        }
    }

    @Override
    public void incoming(Socket socket, ByteBuffer bytes) {
        Watch watch = watches.get(socket.getRemoteSocketAddress());
        if (watch != null && watch.handling.get() == 0 && bytes.hasRemaining()) {
            watch.arm(); // the first byte of a request: its headers are due within the timeout
        }
    }

    /**
     * A request's headers are complete: clears the deadline of its connection.
     *
     * @param endPoint the request's connection's end point
     */
    void requestStarted(EndPoint endPoint) {
        Watch watch = watch(endPoint);
        if (watch != null) {
            watch.handling.incrementAndGet();
            watch.disarm();
        }
    }

    /**
     * A request was answered: the connection's next bytes start the next request.
     *
     * @param endPoint the request's connection's end point
     */
    void requestEnded(EndPoint endPoint) {
        Watch watch = watch(endPoint);
        if (watch != null) {
            watch.handling.decrementAndGet();
        }
    }

    private Watch watch(EndPoint endPoint) {
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        Watch watch = remote == null ? null : watches.get(remote);
        return watch != null && watch.endPoint == endPoint ? watch : null;
    }

    /** One connection's deadline. */
    private final class Watch {
        final EndPoint endPoint;
        final AtomicInteger handling = new AtomicInteger();
        final AtomicReference<Scheduler.Task> deadline = new AtomicReference<>();

        Watch(EndPoint endPoint) {
            this.endPoint = endPoint;
        }

        void arm() {
            if (deadline.get() != null) {
                return;
            }
            Scheduler.Task[] self = new Scheduler.Task[1];
            self[0] = scheduler.schedule(
                    () -> {
                        if (deadline.compareAndSet(self[0], null)) {
                            endPoint.close();
                        }
                    },
                    timeoutMillis,
                    TimeUnit.MILLISECONDS);
            if (!deadline.compareAndSet(null, self[0])) {
                self[0].cancel();
            }
        }

        void disarm() {
            Scheduler.Task task = deadline.getAndSet(null);
            if (task != null) {
                task.cancel();
            }
        }
    }
}
