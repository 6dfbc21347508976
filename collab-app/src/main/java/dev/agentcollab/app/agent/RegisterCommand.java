package dev.agentcollab.app.agent;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.agent.Registration;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.core.service.agent.DefaultAgents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collab agent register}: everything an agent does to join. With a bucket store ({@code --buckets}) it
 * creates the scratch bucket {@code <org>/<slug>-<agent>} when missing, writes the handshake file (the caller's Hub
 * user, from {@code GET /v1/me}) unless it already names another user, and uploads the bio; then it registers with
 * the bearer token. A handshake naming another user is never overwritten: the command fails with
 * {@code BUCKET_NOT_OWNED_BY_CALLER} before it writes anything to the bucket. Without a store the
 * bucket and handshake must exist already (the server answers {@code BUCKET_MISSING} or
 * {@code BUCKET_NOT_OWNED_BY_CALLER} with the commands to run). An id registration refuses (its shape, a human
 * handle, the central bucket's name) is refused before any bucket is created or written.
 */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        description = "Create your scratch bucket and handshake (with --buckets), then register the agent.")
final class RegisterCommand extends AgentAction {
    @Option(names = "--model", required = true, description = "the model driving the agent, e.g. claude-opus")
    String model;

    @Option(names = "--harness", required = true, description = "the harness running it, e.g. claude-code, codex")
    String harness;

    @Option(names = "--tool", paramLabel = "TOOL", description = "a tool the agent uses (repeatable)")
    List<String> tools = new ArrayList<>();

    @Option(names = "--bio", paramLabel = "FILE", description = "markdown bio, uploaded to bio.md in your bucket")
    Path bio;

    @Option(names = "--force", description = "re-register an id you already own (resets the join date)")
    boolean force;

    @Option(
            names = "--save",
            description = "write url, token, agent and buckets to the profile, so later commands need no flags")
    boolean save;

    @Override
    protected void execute(AgentSession s, Output out) {
        if (save) {
            // read (and check) the profile before anything is created or registered: a profile that cannot be
            // used fails the command before it changes anything, and a --profile file not there yet is created
            s.profile(true);
        }
        // an id the server refuses must not leave a bucket or a handshake behind: checked before either is made
        String agent = DefaultAgents.registrableId(s.agent());
        MeInfo me = s.client().me();
        BucketId bucket = s.agentBucket();
        Optional<String> bioSource = Optional.empty();
        Optional<BucketStore> store = s.store();
        if (store.isPresent()) {
            if (bucket.toString().equals(s.discovery().path("central_bucket").asText())) {
                throw CollabException.of(
                        ErrorCode.INVALID_PATH,
                        "agent_id '" + agent + "' is reserved: its scratch bucket " + bucket
                                + " is one of the service's own",
                        "pick another agent id with --agent");
            }
            store.get().create(bucket, true);
            writeHandshake(store.get(), bucket, me.hfUser());
            if (bio != null) {
                bioSource = Optional.of(s.uploadFile(bio, "bio.md"));
            }
        } else if (bio != null) {
            throw new UsageException("--bio needs your bucket store (--buckets)");
        }
        RegisterRequest request = new RegisterRequest(agent, model, harness, tools, bioSource, force);
        Registration r = s.client().agents().register(request);
        if (save) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("url", s.url());
            s.token().ifPresent(t -> values.put("token", t));
            values.put("agent", agent);
            s.bucketsUri().ifPresent(b -> values.put("buckets", b));
            s.profile().save(values);
        }
        out.result(r, w -> {
            w.println("registered " + agent + " (agents/" + r.filename() + ") for user " + r.hfUser());
            w.println("scratch bucket: " + r.agentBucket() + (store.isPresent() ? " (handshake written)" : ""));
            if (save) {
                w.println("profile saved: " + s.profile().path());
            }
        });
    }

    /**
     * Writes the caller's Hub user into the bucket's handshake file, unless the file already names another user:
     * that bucket belongs to them, and overwriting it would lock them out of their own agent id.
     *
     * @throws CollabException {@code BUCKET_NOT_OWNED_BY_CALLER} when the handshake names another user
     */
    static void writeHandshake(BucketStore store, BucketId bucket, String hfUser) {
        BucketPath path = BucketPath.of(DefaultAgents.HANDSHAKE);
        Optional<String> owner =
                store.readString(bucket, path).map(String::strip).filter(s -> !s.isEmpty());
        if (owner.isPresent() && !owner.get().equals(hfUser)) {
            throw CollabException.of(
                    ErrorCode.BUCKET_NOT_OWNED_BY_CALLER,
                    "scratch bucket " + bucket + " belongs to hf user '" + owner.get() + "' (its "
                            + DefaultAgents.HANDSHAKE + " names them, not '" + hfUser + "'); left unchanged",
                    "pick another agent id with --agent");
        }
        if (owner.isEmpty()) {
            store.put(bucket, path, (hfUser + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
