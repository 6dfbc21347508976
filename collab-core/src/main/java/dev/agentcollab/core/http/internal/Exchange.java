package dev.agentcollab.core.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP request and its response as the transport hands them to the {@link Dispatcher}: the only contact
 * between the routes and the embedded HTTP server, so that the routing, parsing and error mapping do not depend
 * on the server library. Used by the one thread that serves the request.
 */
public interface Exchange {
    /**
     * The request method.
     *
     * @return e.g. {@code GET}, upper case
     */
    String method();

    /**
     * The request path, still percent-encoded.
     *
     * @return the raw path, starting with {@code /}
     */
    String rawPath();

    /**
     * The query string, still percent-encoded.
     *
     * @return the raw query without {@code ?}, or {@code null} when there is none
     */
    String rawQuery();

    /**
     * A request header.
     *
     * @param name the header name (any case)
     * @return the first value, or empty
     */
    Optional<String> requestHeader(String name);

    /**
     * Every value of a request header, in the order sent (e.g. several {@code Cookie} lines).
     *
     * @param name the header name (any case)
     * @return the values, empty when the header is absent
     */
    List<String> requestHeaders(String name);

    /**
     * The caller's IP address.
     *
     * @return the address, or {@code ""} when unknown
     */
    String remoteAddress();

    /**
     * The request body. The dispatcher limits how much of it is read.
     *
     * @return the body stream
     * @throws IOException when the connection fails
     */
    InputStream requestBody() throws IOException;

    /**
     * Sets a response header, replacing earlier values (before {@link #send}).
     *
     * @param name the header name
     * @param value the value
     */
    void responseHeader(String name, String value);

    /**
     * Sends the response: the status, the headers set so far, a {@code Content-Length} and the body bytes
     * (for a {@code HEAD} request only the headers, whose length describes the {@code GET} answer). Called at
     * most once.
     *
     * @param status the HTTP status
     * @param body the body bytes
     * @throws IOException when the connection fails
     */
    void send(int status, byte[] body) throws IOException;

    /**
     * Sends a file as a download: 200 with the whole file, or what the request's {@code Range} and conditional
     * headers ask for where the exchange supports them (a server's exchange streams it without holding it in
     * memory, answers 206/304/412/416 and lets a large file take longer than the request timeout); this default
     * reads it whole and answers 200. A {@code HEAD} request gets only the headers.
     *
     * @param file a regular file
     * @param contentType its content type
     * @throws IOException when the file cannot be read or the connection fails
     */
    default void sendFile(Path file, String contentType) throws IOException {
        responseHeader("Content-Type", contentType);
        send(200, Files.readAllBytes(file));
    }

    /**
     * Ends the exchange without an answer by closing its connection: for a request whose body stopped arriving (the
     * idle timeout) or whose client went away, where no answer would be read. This default does nothing, for an
     * exchange without a connection of its own.
     */
    default void abort() {}
}
