package dev.agentcollab.core.service;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.Digests;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.api.job.Jobs;
import dev.agentcollab.api.leaderboard.Leaderboards;
import dev.agentcollab.api.result.Results;
import dev.agentcollab.api.status.ServiceStatus;
import dev.agentcollab.api.sync.Sync;
import dev.agentcollab.api.taskforce.Taskforces;
import dev.agentcollab.api.trace.Traces;
import dev.agentcollab.core.service.agent.DefaultAgents;
import dev.agentcollab.core.service.board.DefaultBoard;
import dev.agentcollab.core.service.board.DefaultDigests;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.job.DefaultJobs;
import dev.agentcollab.core.service.leaderboard.DefaultLeaderboards;
import dev.agentcollab.core.service.result.DefaultResults;
import dev.agentcollab.core.service.result.ResultsContext;
import dev.agentcollab.core.service.status.StatusReport;
import dev.agentcollab.core.service.sync.DefaultSync;
import dev.agentcollab.core.service.taskforce.DefaultTaskforces;
import dev.agentcollab.core.service.trace.DefaultTraces;
import java.util.List;

/** One caller's view of the local service: binds the call context to each feature. Thread safe. */
final class DefaultCollab implements Collab {
    private final ServiceContext context;
    private final CallContext caller;
    private final Agents agents;
    private final Board board;
    private final Taskforces taskforces;
    private final Digests digests;
    private final ResultsContext results;
    private final StatusReport status;

    DefaultCollab(
            ServiceContext context,
            ResultsContext results,
            List<DigestSection> sections,
            StatusReport status,
            CallContext caller) {
        this.context = context;
        this.caller = caller;
        this.agents = new DefaultAgents(context, caller, results.config().verifierAgent());
        this.board = new DefaultBoard(context, caller);
        this.taskforces = new DefaultTaskforces(context, caller);
        this.digests = new DefaultDigests(context, sections);
        this.results = results;
        this.status = status;
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
    public MeInfo me() {
        HfIdentity user = context.whoami(caller, "the dashboard forwards the signed-in user's OAuth token");
        boolean member = user.memberOf(context.config().org());
        boolean organizer = member && context.organizers().isOrganizer(user);
        return new MeInfo(user.name(), user.handle(), member, organizer);
    }

    @Override
    public ServiceStatus status() {
        return status.status(caller);
    }

    @Override
    public Results results() {
        return new DefaultResults(results, caller);
    }

    @Override
    public Leaderboards leaderboard() {
        return new DefaultLeaderboards(results);
    }

    @Override
    public Sync sync() {
        return new DefaultSync(results, caller);
    }

    @Override
    public Traces traces() {
        return new DefaultTraces(results, caller);
    }

    @Override
    public Jobs jobs() {
        return new DefaultJobs(results, caller);
    }
}
