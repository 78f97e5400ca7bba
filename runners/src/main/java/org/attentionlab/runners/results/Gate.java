package org.attentionlab.runners.results;

import java.util.List;

/**
 * The correctness gate run before anything is timed: a broken model makes every figure meaningless.
 *
 * @param passed          all checks within bounds
 * @param minTokenCosine  bound: minimum per-token cosine must be at least this
 * @param maxAbsError     bound: maximum absolute difference must be at most this
 * @param checks          one per context size checked
 */
public record Gate(boolean passed, double minTokenCosine, double maxAbsError, List<GateCheck> checks) {

    public static final double MIN_TOKEN_COSINE = 0.99999;
    public static final double MAX_ABS_ERROR = 1e-3;

    /** Whether one check is within both bounds; both are inclusive, and a NaN is never within. */
    public static boolean passes(double tokenCosineMin, double maxAbsError) {
        return tokenCosineMin >= MIN_TOKEN_COSINE && maxAbsError <= MAX_ABS_ERROR;
    }

    public String summary() {
        StringBuilder sb = new StringBuilder(passed ? "passed" : "FAILED");
        sb.append(" (full attention vs reference; bounds: token cosine >= ").append(minTokenCosine)
                .append(", max abs error <= ").append(maxAbsError).append(")");
        for (GateCheck c : checks) {
            sb.append(String.format(java.util.Locale.ROOT, "; n=%d: min cosine %.7f, max abs %.2e%s", c.contextSize(),
                    c.tokenCosineMin(), c.maxAbsError(), c.passed() ? "" : " FAIL"));
        }
        return sb.toString();
    }
}
