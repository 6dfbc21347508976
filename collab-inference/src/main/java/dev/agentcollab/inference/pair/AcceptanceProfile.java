package dev.agentcollab.inference.pair;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A target acceptance profile as a mixture of token classes. While the target's last token belongs to class
 * {@code i}, the target follows its skip-path successor with probability {@code follow}; {@code share} is the
 * fraction of generated tokens (not of the vocabulary) in that class. Drafting k tokens from a class-i token
 * then succeeds with about {@code follow^k}, so the expected acceptance at draft position k (1-based) is
 * {@code sum_i share_i * follow_i^k}. Two classes are enough to give Gemma 4's MTP profile its slow decay.
 *
 * @param name the profile's name
 * @param classes the token classes, shares summing to 1
 */
public record AcceptanceProfile(String name, List<TokenClass> classes) {
    /** Validates the mixture. */
    public AcceptanceProfile {
        Objects.requireNonNull(name, "name");
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one token class");
        }
        double sum = classes.stream().mapToDouble(TokenClass::share).sum();
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("class shares must sum to 1, but sum to " + sum);
        }
    }

    /**
     * One token class.
     *
     * @param share fraction of generated tokens in the class, in (0, 1]
     * @param follow probability that the target's next token is the skip-path successor, in [0, 0.99]
     */
    public record TokenClass(double share, double follow) {
        /** Validates the ranges. */
        public TokenClass {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("share must be in (0, 1], but was " + share);
            }
            if (!(follow >= 0 && follow <= 0.99)) {
                throw new IllegalArgumentException("follow must be in [0, 0.99], but was " + follow);
            }
        }
    }

    /** The Gemma 4 E4B MTP assistant's measured profile, 0.69 / 0.53 / 0.43 / 0.34 / 0.27 / 0.22 / 0.17. */
    public static final List<Double> GEMMA4_MTP_MEASURED = List.of(0.69, 0.53, 0.43, 0.34, 0.27, 0.22, 0.17);

    /**
     * Gemma 4 MTP-like: 60 % of generated tokens follow with 0.85, 40 % with 0.45; expected 0.69 / 0.51 / 0.40 /
     * 0.33 / 0.27 / 0.23 / 0.19.
     *
     * @return the profile
     */
    public static AcceptanceProfile gemma4Mtp() {
        return new AcceptanceProfile("gemma4-mtp", List.of(new TokenClass(0.6, 0.85), new TokenClass(0.4, 0.45)));
    }

    /**
     * Low: every token follows with 0.3 (0.3, 0.09, ...: geometric, not flat).
     *
     * @return the profile
     */
    public static AcceptanceProfile low30() {
        return new AcceptanceProfile("low-0.3", List.of(new TokenClass(1.0, 0.3)));
    }

    /**
     * High: every token follows with 0.9 (0.9, 0.81, 0.73, ...).
     *
     * @return the profile
     */
    public static AcceptanceProfile high90() {
        return new AcceptanceProfile("high-0.9", List.of(new TokenClass(1.0, 0.9)));
    }

    /**
     * A preset by name.
     *
     * @param name {@code gemma4-mtp}, {@code low-0.3} or {@code high-0.9}
     * @return the profile
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for another name
     */
    public static AcceptanceProfile named(String name) {
        return switch (name) {
            case "gemma4-mtp" -> gemma4Mtp();
            case "low-0.3" -> low30();
            case "high-0.9" -> high90();
            default ->
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "unknown acceptance profile '" + name + "' (gemma4-mtp, low-0.3, high-0.9)");
        };
    }

    /**
     * Expected acceptance per draft position.
     *
     * @param positions how many positions
     * @return {@code sum_i share_i * follow_i^k} for k = 1..positions
     */
    public List<Double> expected(int positions) {
        List<Double> out = new ArrayList<>();
        for (int k = 1; k <= positions; k++) {
            double v = 0;
            for (TokenClass c : classes) {
                v += c.share() * Math.pow(c.follow(), k);
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Fraction of the vocabulary to give each class so that generated tokens fall into it at its share: a class-i
     * token is followed by about {@code 1 / (1 - follow_i)} tokens of its class before the target leaves it for a
     * roughly uniform token, so the vocabulary fraction is proportional to {@code share_i * (1 - follow_i)}.
     *
     * @return one fraction per class, summing to 1
     */
    public double[] vocabularyFractions() {
        double[] f = new double[classes.size()];
        double sum = 0;
        for (int i = 0; i < f.length; i++) {
            f[i] = classes.get(i).share() * (1 - classes.get(i).follow());
            sum += f[i];
        }
        for (int i = 0; i < f.length; i++) {
            f[i] /= sum;
        }
        return f;
    }
}
