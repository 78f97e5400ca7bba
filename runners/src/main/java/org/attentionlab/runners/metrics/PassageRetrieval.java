package org.attentionlab.runners.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Would a search engine built on the variant's embeddings return what one built on the reference's returns?
 * Query i and passage i come from document i (its first sentence, and the rest of it). For each query, the
 * passages are ranked by the dot product of the unit embeddings, once with both sides embedded by the
 * reference and once by the variant.
 *
 * <ul>
 *   <li>recall@k: the fraction of the reference's top-k passages that are in the variant's top-k;</li>
 *   <li>top-1: 1 when the variant's first passage is the reference's first, else 0.</li>
 * </ul>
 *
 * Both are kept per query (what {@code compare} pairs across runs); the cell reports their means.
 */
public final class PassageRetrieval {

    private PassageRetrieval() {
    }

    /** Per query: recall@k and top-1 agreement. */
    public record Scores(List<Double> recallAtK, List<Double> top1) {

        public double meanRecall() {
            return recallAtK.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }

        public double meanTop1() {
            return top1.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }

    /**
     * @param variantQueries     the variant's query embeddings, one per document
     * @param variantPassages    the variant's passage embeddings, one per document
     * @param referenceQueries   the reference's query embeddings
     * @param referencePassages  the reference's passage embeddings
     * @param k                  passages retrieved per query, below the pool size
     */
    public static Scores score(List<float[]> variantQueries, List<float[]> variantPassages, List<float[]> referenceQueries,
                               List<float[]> referencePassages, int k) {
        int pool = referencePassages.size();
        if (variantQueries.size() != pool || variantPassages.size() != pool || referenceQueries.size() != pool) {
            throw new IllegalArgumentException("queries and passages must be one per document");
        }
        if (k < 1 || k >= pool) {
            throw new IllegalArgumentException("k must be in [1, " + (pool - 1) + "], got " + k);
        }
        List<Double> recall = new ArrayList<>(pool);
        List<Double> top1 = new ArrayList<>(pool);
        for (int q = 0; q < pool; q++) {
            List<Integer> ref = topK(referenceQueries.get(q), referencePassages, k);
            List<Integer> var = topK(variantQueries.get(q), variantPassages, k);
            Set<Integer> found = new HashSet<>(var);
            long hits = ref.stream().filter(found::contains).count();
            recall.add((double) hits / k);
            top1.add(ref.get(0).equals(var.get(0)) ? 1.0 : 0.0);
        }
        return new Scores(recall, top1);
    }

    /** The k passages most similar to the query, ties broken by index. */
    static List<Integer> topK(float[] query, List<float[]> passages, int k) {
        double[] sim = new double[passages.size()];
        Integer[] order = new Integer[passages.size()];
        for (int j = 0; j < passages.size(); j++) {
            sim[j] = Embeddings.dot(query, passages.get(j));
            order[j] = j;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -sim[j]).thenComparingInt(j -> j));
        return List.of(order).subList(0, k);
    }

    /**
     * Where document {@code ids} ({@code [CLS] ... [SEP]}) splits into query and passage: the index of the last
     * token of the first sentence (the first sentence-ending token), capped so that the query holds at most half
     * of the body and the passage at least one token.
     *
     * @return the number of body tokens in the query (>= 1)
     */
    public static int queryLength(int[] ids, Set<Integer> sentenceEnds) {
        int body = ids.length - 2;
        int cap = Math.max(1, body / 2);
        for (int i = 1; i <= cap; i++) {
            if (sentenceEnds.contains(ids[i])) {
                return i;
            }
        }
        return cap;
    }

    /** {@code [CLS] body[from, to) [SEP]} of a document. */
    public static int[] span(int[] ids, int from, int to) {
        int[] out = new int[to - from + 2];
        out[0] = ids[0];
        System.arraycopy(ids, 1 + from, out, 1, to - from);
        out[out.length - 1] = ids[ids.length - 1];
        return out;
    }
}
