package dev.agentcollab.hf.examples;

import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.identity.HfIdentity;
import dev.agentcollab.hf.identity.HfOrgMember;
import java.net.URI;
import java.util.List;

/** Example: who owns a token, and who the members of an organisation are, with their roles. */
public final class WhoamiExample {
    private WhoamiExample() {}

    /**
     * Prints the token's user, its organisations and the organisation's members.
     *
     * @param endpoint the Hub, e.g. {@code https://huggingface.co}
     * @param token a Hub token ({@code HF_TOKEN})
     * @param org an organisation the token may read the members of
     * @return the lines printed
     */
    public static List<String> run(URI endpoint, String token, String org) {
        HfHubClient hub = HfHubClient.builder().endpoint(endpoint).token(token).build();
        HfIdentity me = hub.whoami();
        List<String> lines = new java.util.ArrayList<>();
        lines.add(me.name() + " (" + me.type() + "), role in " + org + ": "
                + me.roleIn(org).orElse("none"));
        for (HfOrgMember m : hub.orgMembers(org)) {
            lines.add("member " + m.user() + ": " + m.role().orElse("?"));
        }
        lines.forEach(System.out::println);
        return lines;
    }

    /**
     * Runs the example against the public Hub with {@code HF_TOKEN}.
     *
     * @param args the organisation
     */
    public static void main(String[] args) {
        run(HfHubClient.DEFAULT_ENDPOINT, System.getenv("HF_TOKEN"), args[0]);
    }
}
