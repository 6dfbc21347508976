package dev.agentcollab.core.http.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContent;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * A file sent as a download through Jetty's {@link ResourceService}: {@code Range} (206, 416), {@code ETag} and
 * {@code Last-Modified} with their conditional requests (304, 412), {@code HEAD}; the entity tag is strong. Jetty's
 * service does not look at {@code If-Range}; this class does (RFC 9110 §13.1.5): a range whose validator no longer
 * matches the file is ignored and the whole file sent, so that a resumed download of a file that changed since is
 * never spliced from two versions.
 */
final class FileDownload {
    private static final ResourceService FILES = files();

    private FileDownload() {}

    private static ResourceService files() {
        ResourceService files = new ResourceService();
        files.setAcceptRanges(true);
        files.setEtags(true);
        return files;
    }

    /**
     * Sends the file, blocking until it is sent.
     *
     * @param request the request
     * @param response its response
     * @param file a regular file
     * @param contentType its content type
     * @param deadline the request's deadline, which grows by the file's length
     * @throws IOException when the file is missing or the connection fails
     */
    static void send(Request request, Response response, Path file, String contentType, RequestDeadline deadline)
            throws IOException {
        Resource resource = ResourceFactory.root().newResource(file);
        if (resource == null || !resource.exists() || resource.isDirectory()) {
            throw new NoSuchFileException(file.toString());
        }
        HttpContent content = withStrongEtag(new ResourceHttpContent(resource, contentType));
        deadline.allowDownload(content.getContentLengthValue());
        Request effective = rangeStillValid(request, content) ? request : withoutRange(request);
        try (Blocker.Callback sent = Blocker.callback()) {
            FILES.doGet(effective, response, sent, content);
            sent.block();
        }
    }

    /**
     * Whether the request's {@code Range} may be served: it has no {@code If-Range}, or its {@code If-Range} is the
     * file's strong entity tag or exactly its {@code Last-Modified} date.
     */
    private static boolean rangeStillValid(Request request, HttpContent content) {
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (ifRange == null || !request.getHeaders().contains(HttpHeader.RANGE)) {
            return true;
        }
        String validator = ifRange.strip();
        if (validator.startsWith("W/")) {
            return false; // If-Range compares strongly: a weak tag never matches
        }
        Optional<String> current = validator.startsWith("\"")
                ? Optional.ofNullable(content.getETagValue())
                : Optional.ofNullable(content.getLastModified()).map(HttpField::getValue);
        return current.filter(validator::equals).isPresent();
    }

    /**
     * Jetty tags files weakly, which {@code If-Range} may not use; a file's length and modification time in
     * nanoseconds tag it strongly (as common web servers do): a file replaced in place changes either. They are
     * joined by a dot: Jetty's conditional checks rewrite a tag holding a {@code -} (its encoding suffixes).
     */
    private static HttpContent withStrongEtag(HttpContent content) {
        String tag = "\"" + Long.toHexString(content.getContentLengthValue()) + "."
                + Long.toHexString(toNanos(content.getLastModifiedInstant())) + "\"";
        HttpField etag = new HttpField(HttpHeader.ETAG, tag);
        return new HttpContent.Wrapper(content) {
            @Override
            public HttpField getETag() {
                return etag;
            }

            @Override
            public String getETagValue() {
                return tag;
            }
        };
    }

    private static long toNanos(Instant instant) {
        return instant == null ? 0 : instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Request withoutRange(Request request) {
        HttpFields headers = HttpFields.build(request.getHeaders())
                .remove(HttpHeader.RANGE)
                .remove(HttpHeader.IF_RANGE)
                .asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        };
    }
}
