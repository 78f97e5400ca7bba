package org.attentionlab.runners.explain;

import java.util.List;
import org.attentionlab.runners.config.VariantSpec;

/**
 * A resolved {@link ExplainRequest}: what the explorer draws.
 *
 * @param document the index of the document among the experiment's documents at size {@code n}
 * @param n        the context size, in tokens
 * @param variants the variants drawn beside the reference, in the order asked
 */
public record ExplainTarget(int document, int n, List<VariantSpec> variants) {

    public ExplainTarget {
        variants = List.copyOf(variants);
    }
}
