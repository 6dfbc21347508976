package dev.agentcollab.core.http.internal;

import java.time.Duration;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: hands every request to the {@link Dispatcher} on a virtual thread and closes the
 * connection of a request that is not finished within its {@link RequestDeadline} (a body trickling in, a response
 * the client does not read). It tells the {@link HeaderDeadlines} when a request's headers are complete and when the
 * request ends. Thread safe.
 */
final class DispatchHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchHandler.class);
    private final Dispatcher dispatcher;
    private final Duration requestTimeout;
    private final HeaderDeadlines headerDeadlines;

    DispatchHandler(Dispatcher dispatcher, Duration requestTimeout, HeaderDeadlines headerDeadlines) {
        super(InvocationType.BLOCKING);
        this.dispatcher = dispatcher;
        this.requestTimeout = requestTimeout;
        this.headerDeadlines = headerDeadlines;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Connection connection = request.getConnectionMetaData().getConnection();
        headerDeadlines.requestStarted(connection.getEndPoint());
        RequestDeadline deadline = RequestDeadline.start(
                request.getComponents().getScheduler(), requestTimeout, () -> cut(request, connection));
        try {
            dispatcher.handle(new JettyExchange(request, response, deadline));
            callback.succeeded();
        } catch (Throwable t) {
            callback.failed(t);
        } finally {
            deadline.cancel();
            headerDeadlines.requestEnded(connection.getEndPoint());
        }
        return true;
    }

    private void cut(Request request, Connection connection) {
        LOG.info("closing the connection of " + Request.getRemoteAddr(request) + ": " + request.getMethod() + " "
                + request.getHttpURI().getPath() + " exceeded the request timeout of " + requestTimeout
                + " (a file download also gets its length at " + RequestDeadline.MIN_DOWNLOAD_RATE / 1024
                + " KiB/s)");
        connection.getEndPoint().close();
    }
}
