package dev.agentcollab.core.http.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One load client's keep-alive HTTP/1.1 connection over a blocking socket: writes a {@link WireRequest} and reads
 * the whole response (status line, headers, a {@code Content-Length} or chunked body). Meant for virtual threads:
 * a blocked read parks the thread on the JDK's poller, so 200 connections need no selector thread each (the JDK
 * {@code HttpClient} starts one per client) and the clients cost the shared CPUs as little as possible. Reconnects
 * after the server closed the connection. Not thread safe: one connection per client.
 */
final class BenchConnection implements Closeable {
    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder line = new StringBuilder(128);
    private String etag;
    private final byte[] skip = new byte[8192];

    BenchConnection(InetSocketAddress address) {
        this.address = address;
    }

    /**
     * Sends a request and reads its response to the last byte.
     *
     * @param request the request
     * @return the response status
     * @throws IOException when the connection fails or the response is malformed; the connection is closed then
     */
    int exchange(WireRequest request) throws IOException {
        try {
            if (socket == null) {
                connect();
            }
            out.write(request.bytes());
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException("malformed response", e);
        }
    }

    /**
     * Opens the connection now (otherwise the first exchange does).
     *
     * @throws IOException when the server cannot be reached
     */
    void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 10_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status, 9, 12, 10);
        long length = -1;
        etag = null;
        boolean chunked = false;
        boolean close = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header: " + h);
            }
            String name = h.substring(0, colon);
            String value = h.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("ETag")) {
                etag = value;
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                discard(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            discard(length);
        } else if (code != 204 && code != 304) {
            throw new IOException("a response without length on a keep-alive connection");
        }
        if (close) {
            close();
        }
        return code;
    }

    /**
     * The {@code ETag} of the last response read.
     *
     * @return the tag as sent, or {@code null} when it had none
     */
    String etag() {
        return etag;
    }

    private long chunkSize() throws IOException {
        String s = readLine();
        int semi = s.indexOf(';');
        return Long.parseLong((semi < 0 ? s : s.substring(0, semi)).strip(), 16);
    }

    private void discard(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, n));
            if (r < 0) {
                throw new EOFException("connection closed in a response body");
            }
            n -= r;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in a response head");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket
            }
            socket = null;
        }
    }
}
