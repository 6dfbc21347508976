package dev.agentcollab.core.service.agent;

import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.agent.Registration;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.internal.AgentDirectory;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.BucketCommands;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSetPages;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Sources;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registration (§4) and the agent directory. An agent id is bound to the HF user who proved ownership of its
 * scratch bucket (handshake file) the first time; only that user may re-register it, with {@code force}.
 * Registrations of one id are serialised within the service, so two users racing for an id cannot both win.
 * Thread safe.
 */
public final class DefaultAgents implements Agents {
    /** The handshake file at the root of every scratch bucket. */
    public static final String HANDSHAKE = ".bucket-sync-handshake";

    private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();
    private static final Map<String, String> WIRE_KEYS = Map.of("model", "agent_model", "harness", "agent_harness");

    private final ServiceContext ctx;
    private final CallContext caller;
    private final String verifierAgent;

    /**
     * Creates the feature for one caller.
     *
     * @param ctx the service context
     * @param caller the caller
     */
    public DefaultAgents(ServiceContext ctx, CallContext caller) {
        this(ctx, caller, "");
    }

    /**
     * Creates the view, with the agent id the verifier posts as reserved.
     *
     * @param ctx the service context
     * @param caller the caller
     * @param verifierAgent the verifier's agent id ({@code VERIFIER_AGENT}), or {@code ""} when none is set
     */
    public DefaultAgents(ServiceContext ctx, CallContext caller, String verifierAgent) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.caller = Objects.requireNonNull(caller, "caller");
        this.verifierAgent = Objects.requireNonNull(verifierAgent, "verifierAgent");
    }

    /**
     * Checks an agent id as registration does before it looks at any bucket: the id's shape (lowercase letters,
     * digits and inner hyphens, 1-40 characters) and the ids reserved for human handles. Clients call it before
     * they create a scratch bucket or write its handshake for an id, so that an id the service refuses leaves
     * nothing behind.
     *
     * @param agentId the id
     * @return the id
     * @throws CollabException {@code INVALID_PATH} with the message registration would give
     */
    public static String registrableId(String agentId) {
        return Names.registrableAgentId(agentId);
    }

    @Override
    public Registration register(RegisterRequest request) {
        Objects.requireNonNull(request, "request");
        return ctx.idempotency()
                .run(caller, "agents.register", request, Registration.class, () -> registerOnce(request));
    }

    /**
     * Refuses the ids whose scratch bucket would be one of the service's own ({@code <slug>-main-bucket},
     * {@code <slug>-audit}: the agent could then promote, sync or share the service's private files as its own)
     * and the id the verifier posts its verdicts as.
     */
    private void refuseServiceNames(String id) {
        BucketId bucket = ctx.config().agentBucket(id);
        if (bucket.equals(ctx.config().centralBucket())
                || bucket.equals(ctx.config().auditBucket())) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "agent_id '" + id + "' is reserved: its scratch bucket " + bucket + " is one of the service's own",
                    "pick another agent_id");
        }
        if (!verifierAgent.isBlank() && id.equals(verifierAgent)) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "agent_id '" + id + "' is reserved for the verifier's announcements",
                    "pick another agent_id");
        }
    }

    private Registration registerOnce(RegisterRequest request) {
        String id = Names.registrableAgentId(request.agentId());
        refuseServiceNames(id);
        ctx.registrations().acquire(id);
        BucketId bucket = ctx.config().agentBucket(id);
        if (!ctx.store().exists(bucket)) {
            throw CollabException.of(
                    ErrorCode.BUCKET_MISSING,
                    "scratch bucket " + bucket + " does not exist",
                    "run: " + BucketCommands.of(ctx.store()).create(bucket));
        }
        HfIdentity user = ctx.whoami(caller, "pass your HF token so we can verify the agent owner");
        checkHandshake(bucket, user);
        String key = ctx.config().centralBucket() + "|" + id;
        synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
            ctx.agents().registration(id).ifPresent(existing -> {
                String owner = existing.doc().text("hf_user");
                if (!owner.equals(user.name())) {
                    throw CollabException.of(
                            ErrorCode.IDENTITY_MISMATCH,
                            "agent_id '" + id + "' is registered to another hf_user",
                            "pick another agent_id");
                }
                if (!request.force()) {
                    throw CollabException.of(
                            ErrorCode.AGENT_ID_TAKEN,
                            "agent_id '" + id + "' is already registered to you",
                            "re-register with force: true to update it");
                }
            });
            String bio = request.bioSource().map(uri -> readBio(uri, id)).orElse("");
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("agent_name", id);
            fm.put("agent_model", request.model());
            fm.put("agent_harness", request.harness());
            fm.put("agent_tools", request.tools());
            fm.put("hf_user", user.name());
            fm.put("agent_bucket", bucket.toString());
            fm.put("joined", Stamps.yaml(ctx.now()));
            byte[] bytes = FrontmatterCodec.bytes(Document.of(fm, bio));
            String path = AgentDirectory.path(id);
            Registration registration = new Registration(id + ".md", bucket.toString(), user.name());
            ctx.commits()
                    .commit(
                            List.of(BatchOp.put(path, bytes)),
                            new AuditEvent(
                                    id,
                                    "/v1/agents/register",
                                    "bearer",
                                    request.bioSource().orElse(""),
                                    path,
                                    bytes.length,
                                    201,
                                    Map.of("hf_user", user.name())),
                            caller,
                            registration);
            return registration;
        }
    }

    private void checkHandshake(BucketId bucket, HfIdentity user) {
        String hint = BucketCommands.of(ctx.store()).handshake(user.name(), bucket, HANDSHAKE);
        String content = ctx.store()
                .readString(bucket, BucketPath.of(HANDSHAKE))
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, "handshake file missing in scratch bucket", hint));
        if (!content.strip().equals(user.name())) {
            throw CollabException.of(
                    ErrorCode.BUCKET_NOT_OWNED_BY_CALLER,
                    "handshake file in " + bucket + " does not name " + ctx.userNoun() + " '" + user.name() + "'",
                    hint);
        }
    }

    private String readBio(String uri, String id) {
        Sources.Resolved src = Sources.resolve(uri, ctx.config());
        if (!src.agentId().equals(id)) {
            throw CollabException.of(
                    ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, "bio_source must live in your own scratch bucket");
        }
        return FrontmatterCodec.parse(
                        Sources.read(ctx.store(), src, ctx.config().sourceMaxBytes())
                                .text())
                .body();
    }

    @Override
    public Page<AgentInfo> list(ListQuery query) {
        ListEngine.Spec spec = new ListEngine.Spec(
                EnumSet.of(ListEngine.Filter.MATCH, ListEngine.Filter.Q),
                0,
                SortOrder.ASC,
                ctx.config().expandMaxLimit());
        if (ListEngine.unfiltered(query, spec)) { // a page of the sorted view: O(page + log n)
            Optional<ReadModel.Records> view = ctx.reads().records(AgentDirectory.FOLDER);
            if (view.isPresent()) {
                return RecordSetPages.page(List.of(view.get()), query, spec, AgentRecords::toInfo);
            }
        }
        List<ListEngine.Item<AgentInfo>> items = ctx.reads().documents(AgentDirectory.FOLDER).stream()
                .filter(d -> !d.filename().equalsIgnoreCase("README.md"))
                .map(d -> new ListEngine.Item<>(d.filename(), stem(d), d.doc(), AgentRecords.toInfo(d)))
                .toList();
        return ListEngine.run(items, withStoredKeys(query), spec);
    }

    /** Maps the wire filter names {@code model} and {@code harness} to the stored frontmatter keys. */
    private static ListQuery withStoredKeys(ListQuery query) {
        Map<String, String> match = new LinkedHashMap<>();
        query.match().forEach((k, v) -> match.put(WIRE_KEYS.getOrDefault(k, k), v));
        return new ListQuery(
                query.since(),
                query.until(),
                query.agent(),
                query.type(),
                query.via(),
                query.status(),
                query.verification(),
                query.q(),
                query.expand(),
                query.limit(),
                query.order(),
                query.after(),
                query.before(),
                match);
    }

    @Override
    public AgentInfo get(String agentId) {
        String id = Names.agentId(agentId);
        StoredDoc doc = ctx.agents()
                .registration(id)
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.NOT_REGISTERED,
                        "agent '" + id + "' is not registered",
                        "register first via POST /v1/agents/register"));
        return AgentRecords.toInfo(doc);
    }

    private static String stem(StoredDoc d) {
        return d.filename().substring(0, d.filename().length() - 3);
    }
}
