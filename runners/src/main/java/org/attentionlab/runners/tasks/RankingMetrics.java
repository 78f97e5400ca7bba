package org.attentionlab.runners.tasks;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The ranking measures of one query as trec_eval (and pytrec_eval, which BEIR and MTEB call) computes them:
 * documents sorted by score, descending, ties broken by document id in descending string order
 * (trec_eval's {@code comp_sim_docno}); a document is relevant when its grade is at least 1.
 * <ul>
 *   <li>nDCG@k ({@code ndcg_cut.k}): gain = the grade itself, discount log2(rank + 1), over the top k; the ideal
 *       is the grades of all judged documents sorted descending, also cut at k;</li>
 *   <li>Recall@k ({@code recall.k}): relevant documents in the top k over all relevant documents;</li>
 *   <li>MRR@k: 1 / rank of the first relevant document within the top k, else 0 ({@code recip_rank} cut at k).</li>
 * </ul>
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /** Document indices in trec_eval's order: score descending, then id descending. */
    public static Integer[] rank(double[] scores, List<String> ids) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing((a, b) -> ids.get(b).compareTo(ids.get(a))));
        return order;
    }

    public static double ndcgAt(int k, Integer[] ranking, Map<Integer, Integer> grades) {
        double dcg = 0;
        for (int r = 0; r < Math.min(k, ranking.length); r++) {
            int g = grades.getOrDefault(ranking[r], 0);
            if (g > 0) {
                dcg += g / log2(r + 2);
            }
        }
        int[] ideal = grades.values().stream().mapToInt(Integer::intValue).filter(g -> g > 0).sorted().toArray();
        double idcg = 0;
        for (int r = 0; r < Math.min(k, ideal.length); r++) {
            idcg += ideal[ideal.length - 1 - r] / log2(r + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    public static double recallAt(int k, Integer[] ranking, Map<Integer, Integer> grades) {
        long relevant = grades.values().stream().filter(g -> g > 0).count();
        if (relevant == 0) {
            return 0;
        }
        int found = 0;
        for (int r = 0; r < Math.min(k, ranking.length); r++) {
            if (grades.getOrDefault(ranking[r], 0) > 0) {
                found++;
            }
        }
        return (double) found / relevant;
    }

    public static double mrrAt(int k, Integer[] ranking, Map<Integer, Integer> grades) {
        for (int r = 0; r < Math.min(k, ranking.length); r++) {
            if (grades.getOrDefault(ranking[r], 0) > 0) {
                return 1.0 / (r + 1);
            }
        }
        return 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
