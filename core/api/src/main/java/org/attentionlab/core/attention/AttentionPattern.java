package org.attentionlab.core.attention;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * The structural sparsity pattern of an attention variant: which (query, key) pairs it can give weight
 * to, before padding. Diagnostics use it, e.g. to measure how much of the exact attention mass falls
 * outside the pattern. Implementations are pure functions of their arguments and safe to call from any thread.
 */
@ExtensionPoint
@FunctionalInterface
public interface AttentionPattern {

    /**
     * True when query {@code i} may attend to key {@code j} in a sequence of {@code n} tokens; false for
     * indices outside {@code [0, n)}. Padded keys get no weight whatever this says.
     */
    boolean covers(int i, int j, int n, boolean causal);
}
