package dev.agentcollab.core.service;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.Digests;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.api.taskforce.Taskforces;
import dev.agentcollab.core.service.agent.DefaultAgents;
import dev.agentcollab.core.service.board.DefaultBoard;
import dev.agentcollab.core.service.board.DefaultDigests;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.taskforce.DefaultTaskforces;
import java.util.List;

/** One caller's view of the local service: binds the call context to each feature. Thread safe. */
final class DefaultCollab implements Collab {
    private final ServiceContext context;
    private final CallContext caller;
    private final Agents agents;
    private final Board board;
    private final Taskforces taskforces;
    private final Digests digests;

    DefaultCollab(ServiceContext context, List<DigestSection> sections, CallContext caller) {
        this.context = context;
        this.caller = caller;
        this.agents = new DefaultAgents(context, caller);
        this.board = new DefaultBoard(context, caller);
        this.taskforces = new DefaultTaskforces(context, caller);
        this.digests = new DefaultDigests(context, sections);
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
}
