package org.attentionlab.runners.config;

/**
 * The retrieval test of the model sweep ({@code kind: model} only): the first sentence of each document is a
 * query and the rest of each document a passage; for every query the variant's top-k passages are compared with
 * the reference's. It runs only when there are at least {@code minPool} passages (documents): with fewer, every
 * passage is in everybody's top-k and the metric cannot fail, so it is left out and the report says why.
 *
 * @param k       passages retrieved per query
 * @param minPool fewest passages the test runs with (default 100)
 */
public record RetrievalSpec(Integer k, Integer minPool) {

    public static final int DEFAULT_K = 10;
    public static final int DEFAULT_MIN_POOL = 100;

    public static RetrievalSpec defaults() {
        return new RetrievalSpec(DEFAULT_K, DEFAULT_MIN_POOL);
    }
}
