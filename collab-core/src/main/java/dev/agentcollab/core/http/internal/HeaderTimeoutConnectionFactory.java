package dev.agentcollab.core.http.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * HTTP/1.1 connections with a header-read deadline, which Jetty's idle timeout alone does not give: a client that
 * sends one header byte every few seconds never goes idle. A connection must deliver a complete request line and
 * headers within the timeout of its opening, and a kept-alive one within the timeout of the first byte of its next
 * request; otherwise it is closed. The deadline is armed when a request starts and cleared by the
 * {@link DispatchHandler} when Jetty hands it the parsed request.
 */
final class HeaderTimeoutConnectionFactory extends HttpConnectionFactory {
    private final long timeoutMillis;

    HeaderTimeoutConnectionFactory(HttpConfiguration config, Duration timeout) {
        super(config);
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        Watched connection = new Watched(getHttpConfiguration(), connector, endPoint, timeoutMillis);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }

    /** A connection that closes itself when a request's headers take too long. */
    static final class Watched extends HttpConnection {
        private final Scheduler scheduler;
        private final long timeoutMillis;
        private final AtomicReference<Scheduler.Task> deadline = new AtomicReference<>();

        Watched(HttpConfiguration config, Connector connector, EndPoint endPoint, long timeoutMillis) {
            super(config, connector, endPoint);
            this.scheduler = connector.getScheduler();
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            arm();
        }

        @Override
        public void onFillable() {
            // Bytes arrived while no request is in progress: they start the next request's headers.
            if (getParser().isStart()) {
                arm();
            }
            super.onFillable();
        }

        @Override
        public void onClose(Throwable cause) {
            headersReceived();
            super.onClose(cause);
        }

        /** Clears the deadline: the request's headers are complete. */
        void headersReceived() {
            Scheduler.Task task = deadline.getAndSet(null);
            if (task != null) {
                task.cancel();
            }
        }

        private void arm() {
            if (deadline.get() != null) {
                return;
            }
            Scheduler.Task[] self = new Scheduler.Task[1];
            self[0] = scheduler.schedule(
                    () -> {
                        if (deadline.compareAndSet(self[0], null)) {
                            getEndPoint().close();
                        }
                    },
                    timeoutMillis,
                    TimeUnit.MILLISECONDS);
            if (!deadline.compareAndSet(null, self[0])) {
                self[0].cancel();
            }
        }
    }
}
