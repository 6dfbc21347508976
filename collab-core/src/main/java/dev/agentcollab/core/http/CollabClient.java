package dev.agentcollab.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.Digests;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.api.job.Jobs;
import dev.agentcollab.api.leaderboard.Leaderboards;
import dev.agentcollab.api.result.Results;
import dev.agentcollab.api.status.ServiceStatus;
import dev.agentcollab.api.sync.Sync;
import dev.agentcollab.api.taskforce.Taskforces;
import dev.agentcollab.api.trace.Traces;
import dev.agentcollab.core.http.internal.HttpAgents;
import dev.agentcollab.core.http.internal.HttpBoard;
import dev.agentcollab.core.http.internal.HttpDigests;
import dev.agentcollab.core.http.internal.HttpResults;
import dev.agentcollab.core.http.internal.HttpSyncTraces;
import dev.agentcollab.core.http.internal.HttpTaskforces;
import dev.agentcollab.core.http.internal.HttpTransport;
import dev.agentcollab.core.http.internal.Types;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * A {@link Collab} over the {@code /v1} HTTP API, so a harness swaps a local session for a remote server with one
 * line: {@code Collab collab = CollabClient.create(URI.create("http://127.0.0.1:8000"));}.
 *
 * <p>Errors come back as the same {@link dev.agentcollab.api.error.CollabException} codes the server raised
 * (message, hint and {@code Retry-After} included). Retryable codes ({@code RATE_LIMITED}, the 503s,
 * transport failures) are retried with resilience4j, honouring {@code Retry-After}; see {@link ClientConfig}.
 * Every write (POST) carries an {@code Idempotency-Key}, fresh per logical call and reused by each of its retries,
 * so the server writes it at most once and answers a retry with the first response: a write whose outcome is
 * unknown (timeout, lost connection, a retryable server failure) is retried safely. With
 * {@link ClientConfig#retryUncertainWrites()} off (for a server that ignores the header), such a write fails with
 * an {@code UncertainWriteException} instead: read before posting again. {@link #withIdempotencyKey} lets a
 * caller choose the key, e.g. to keep it across its own restarts.
 * Unexpanded listings ({@code expand=false}) yield filename-only records (empty frontmatter and body).
 *
 * <p>The configured bearer token is sent on every request, so the same client works against a server whose agent
 * writes require the owner's token ({@code WriteAuth.OWNER}) and one that ignores it ({@code OPEN}).
 *
 * <p>Thread safe; one client may be shared by many threads. {@link #close()} releases the HTTP client.
 */
public final class CollabClient implements Collab, AutoCloseable {
    private final HttpClient http;
    private final HttpTransport transport;
    private final Agents agents;
    private final Board board;
    private final Taskforces taskforces;
    private final Digests digests;
    private final HttpResults results;
    private final HttpSyncTraces syncTraces;

    private CollabClient(ClientConfig config) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.transport = new HttpTransport(config, http);
        this.agents = new HttpAgents(transport);
        this.board = new HttpBoard(transport);
        this.taskforces = new HttpTaskforces(transport);
        this.digests = new HttpDigests(transport);
        this.results = new HttpResults(transport);
        this.syncTraces = new HttpSyncTraces(transport);
    }

    /**
     * Runs writes under a caller-chosen idempotency key (instead of a fresh key per call): a repeat of the same
     * write with the same key, even from another process after a crash, returns the first response and writes
     * nothing. Use one key per logical write.
     *
     * @param key 1-200 printable ASCII characters, e.g. a UUID kept until the write is acknowledged
     * @param write the write, given this client
     * @param <T> the result type
     * @return what {@code write} returns
     */
    public <T> T withIdempotencyKey(String key, java.util.function.Function<Collab, T> write) {
        java.util.Objects.requireNonNull(write, "write");
        return transport.withIdempotencyKey(key, () -> write.apply(this));
    }

    /**
     * Creates a client.
     *
     * @param config the configuration
     * @return the client
     */
    public static CollabClient create(ClientConfig config) {
        return new CollabClient(java.util.Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates a tokenless client with default retries.
     *
     * @param baseUri the server root
     * @return the client
     */
    public static CollabClient create(URI baseUri) {
        return create(ClientConfig.ofDefaults(baseUri));
    }

    @Override
    public Agents agents() {
        return agents;
    }

    @Override
    public Board board() {
        return board;
    }

    @Override
    public Taskforces taskforces() {
        return taskforces;
    }

    @Override
    public Digests digest() {
        return digests;
    }

    @Override
    public Results results() {
        return results;
    }

    @Override
    public Leaderboards leaderboard() {
        return results;
    }

    @Override
    public Jobs jobs() {
        return results;
    }

    @Override
    public Sync sync() {
        return syncTraces;
    }

    @Override
    public Traces traces() {
        return syncTraces;
    }

    @Override
    public MeInfo me() {
        return transport.get("/v1/me", Map.of(), Types.of(MeInfo.class));
    }

    @Override
    public ServiceStatus status() {
        return transport.get("/v1/status", Map.of(), Types.of(ServiceStatus.class));
    }

    /**
     * The server's self-description, {@code GET /v1}: {@code org}, {@code collab} (the slug),
     * {@code central_bucket}, {@code score_field}, {@code score_unit}, {@code score_order}, {@code conventions} and
     * the {@code endpoints} table.
     *
     * @return the JSON object as served
     */
    public JsonNode discovery() {
        return transport.get("/v1", Map.of(), Types.of(JsonNode.class));
    }

    /**
     * How many calls were retried, succeeded or failed (resilience4j metrics).
     *
     * @return the metrics
     */
    public io.github.resilience4j.retry.Retry.Metrics retryMetrics() {
        return transport.retryPolicy().retry().getMetrics();
    }

    /** Releases the HTTP client's resources. */
    @Override
    public void close() {
        http.close();
    }
}
