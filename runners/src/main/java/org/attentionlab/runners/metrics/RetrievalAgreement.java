package org.attentionlab.runners.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Would a search engine built on the variant's embeddings return the same neighbours as one built on the
 * reference's? For each document, the top-k most similar other documents by each embedding set; the
 * agreement is the mean overlap fraction.
 */
public final class RetrievalAgreement {

    public static final int DEFAULT_K = 5;

    private RetrievalAgreement() {
    }

    /** k = 5, or documents - 1 when fewer; null when there are fewer than two documents. */
    public static Double agreement(List<float[]> variant, List<float[]> reference) {
        if (variant.size() != reference.size()) {
            throw new IllegalArgumentException("embedding sets differ in size: " + variant.size() + " vs " + reference.size());
        }
        int docs = variant.size();
        if (docs < 2) {
            return null;
        }
        int k = Math.min(DEFAULT_K, docs - 1);
        double sum = 0;
        for (int i = 0; i < docs; i++) {
            Set<Integer> a = new HashSet<>(topK(variant, i, k));
            List<Integer> b = topK(reference, i, k);
            int overlap = 0;
            for (int j : b) {
                if (a.contains(j)) {
                    overlap++;
                }
            }
            sum += (double) overlap / k;
        }
        return sum / docs;
    }

    /** The k documents most similar to {@code query} (itself excluded), ties broken by index. */
    static List<Integer> topK(List<float[]> embeddings, int query, int k) {
        List<Integer> others = new ArrayList<>();
        double[] sim = new double[embeddings.size()];
        for (int j = 0; j < embeddings.size(); j++) {
            if (j != query) {
                others.add(j);
                sim[j] = Embeddings.dot(embeddings.get(query), embeddings.get(j));
            }
        }
        others.sort(Comparator.<Integer>comparingDouble(j -> -sim[j]).thenComparingInt(j -> j));
        return others.subList(0, k);
    }
}
