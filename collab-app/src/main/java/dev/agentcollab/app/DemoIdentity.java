package dev.agentcollab.app;

import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.identity.TokenFile;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The people and agents of the local collaboration, with bearer tokens drawn fresh for each run. The local
 * deployment has no Hugging Face Hub, so a static token table stands in for {@code whoami}: the organizer is an
 * {@code admin} of the org, each demo agent is run by its own member account.
 *
 * @param org the organisation of the collaboration
 * @param organizer the organizer's user name (posts as {@code human-<name>} from the dashboard)
 * @param organizerToken the organizer's bearer token
 * @param agents the demo agents
 * @param extra identities from a token file that may join (an outside harness's users), in addition to the cast
 */
public record DemoIdentity(
        String org, String organizer, String organizerToken, List<DemoAgent> agents, List<TokenFile.Entry> extra) {
    /** Copies the lists and checks for nulls. */
    public DemoIdentity {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(organizer, "organizer");
        Objects.requireNonNull(organizerToken, "organizerToken");
        agents = List.copyOf(agents);
        extra = List.copyOf(extra);
    }

    /**
     * The cast alone, without extra identities.
     *
     * @param org the organisation
     * @param organizer the organizer's user name
     * @param organizerToken the organizer's token
     * @param agents the demo agents
     */
    public DemoIdentity(String org, String organizer, String organizerToken, List<DemoAgent> agents) {
        this(org, organizer, organizerToken, agents, List.of());
    }

    /**
     * The same cast with extra identities that may join.
     *
     * @param entries rows of a token file
     * @return a copy that also knows these tokens
     */
    public DemoIdentity withExtra(List<TokenFile.Entry> entries) {
        return new DemoIdentity(org, organizer, organizerToken, agents, entries);
    }

    /**
     * One demo agent.
     *
     * @param agentId the agent id it registers
     * @param hfUser the account that runs it
     * @param token that account's bearer token
     * @param model the model it claims to be driven by
     */
    public record DemoAgent(String agentId, String hfUser, String token, String model) {
        /** Checks for nulls. */
        public DemoAgent {
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(hfUser, "hfUser");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * Draws the demo cast.
     *
     * @param org the organisation
     * @param random the source of the tokens
     * @return the cast with fresh tokens
     */
    public static DemoIdentity draw(String org, RandomGenerator random) {
        return new DemoIdentity(
                org,
                "organizer",
                token(random),
                List.of(
                        new DemoAgent("drafter-lab", "demo-ada", token(random), "claude"),
                        new DemoAgent("kernel-smith", "demo-grace", token(random), "gemini"),
                        new DemoAgent("eval-keeper", "demo-alan", token(random), "gpt")));
    }

    /**
     * The token table for the service.
     *
     * @return a provider that knows every token of the cast and the extra identities
     */
    public StaticIdentityProvider provider() {
        StaticIdentityProvider.Builder b =
                StaticIdentityProvider.builder().member(organizerToken, organizer, org, "admin");
        for (DemoAgent a : agents) {
            b.member(a.token(), a.hfUser(), org, "write");
        }
        return TokenFile.addTo(b, extra).build();
    }

    private static String token(RandomGenerator random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "hf_local_" + HexFormat.of().formatHex(bytes);
    }
}
