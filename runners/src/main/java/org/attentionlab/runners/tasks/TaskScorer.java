package org.attentionlab.runners.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.attentionlab.runners.config.TaskSpec;
import org.attentionlab.runners.metrics.Embeddings;
import org.attentionlab.runners.results.TaskScore;

/**
 * Scores one side's embeddings of a {@link TaskSet}: every query ranks every document by cosine (the embeddings
 * are unit length, so a dot product) in trec_eval's order ({@link RankingMetrics#rank}).
 * <ul>
 *   <li>passkey, needle: accuracy@1, a hit when the document ranked first holds the query's statement; and by depth;</li>
 *   <li>retrieval: nDCG@10 per query (the score), with Recall@100 and MRR@10.</li>
 * </ul>
 * Recall, a decoder's task, is scored from next-token logits instead ({@link #recall}).
 */
public final class TaskScorer {

    private TaskScorer() {
    }

    public static TaskScore score(TaskSpec spec, TaskSet set, float[][] documents, float[][] queries) {
        int count = set.queries().size();
        List<Double> perQuery = new ArrayList<>(count);
        double recall = 0;
        double mrr = 0;
        double[] scores = new double[documents.length];
        for (int q = 0; q < count; q++) {
            for (int d = 0; d < documents.length; d++) {
                scores[d] = Embeddings.dot(queries[q], documents[d]);
            }
            Integer[] ranking = RankingMetrics.rank(scores, set.documentIds());
            Map<Integer, Integer> grades = set.relevant().get(q);
            if (spec.isHaystack()) {
                perQuery.add(grades.getOrDefault(ranking[0], 0) > 0 ? 1.0 : 0.0);
            } else {
                perQuery.add(RankingMetrics.ndcgAt(10, ranking, grades));
                recall += RankingMetrics.recallAt(100, ranking, grades);
                mrr += RankingMetrics.mrrAt(10, ranking, grades);
            }
        }
        double score = mean(perQuery);
        if (spec.isHaystack()) {
            Map<Integer, List<Double>> byDepth = new TreeMap<>();
            for (int q = 0; q < count; q++) {
                byDepth.computeIfAbsent(set.depths().get(q), k -> new ArrayList<>()).add(perQuery.get(q));
            }
            Map<String, Double> depths = new LinkedHashMap<>();
            byDepth.forEach((depth, hits) -> depths.put(String.valueOf(depth), mean(hits)));
            return new TaskScore(spec.task(), TaskScore.ACCURACY_AT_1, score, List.copyOf(perQuery), spec.seed(), depths,
                    null, null, null, null, null);
        }
        return new TaskScore(spec.task(), TaskScore.NDCG_AT_10, score, List.copyOf(perQuery), null, null,
                score, recall / count, mrr / count, null, null);
    }

    /**
     * A decoder's recall: each sequence run through {@code logits} (ids -> n x vocab next-token logits, row-major);
     * a query is a hit (1) when the argmax of its position's row is the pair's value, else 0. Accuracy overall, by
     * number of pairs, and by distance bucket ({@link Recall#distanceBucket}), buckets in ascending order.
     */
    public static TaskScore recall(TaskSpec spec, List<Recall.Sequence> sequences, java.util.function.Function<int[], float[]> logits) {
        List<Double> perQuery = new ArrayList<>();
        Map<String, List<Double>> byPairs = new LinkedHashMap<>();
        Map<Integer, List<Double>> byBucket = new TreeMap<>();
        for (Recall.Sequence s : sequences) {
            int n = s.ids().length;
            float[] out = logits.apply(s.ids());
            int vocab = out.length / n;
            for (Recall.Query q : s.queries()) {
                double hit = argmax(out, q.position() * vocab, vocab) == q.answer() ? 1.0 : 0.0;
                perQuery.add(hit);
                byPairs.computeIfAbsent(String.valueOf(s.pairs()), k -> new ArrayList<>()).add(hit);
                byBucket.computeIfAbsent(Recall.bucketUpper(Recall.distanceBucket(q.distance())), k -> new ArrayList<>()).add(hit);
            }
        }
        Map<String, Double> pairs = new LinkedHashMap<>();
        byPairs.forEach((k, hits) -> pairs.put(k, mean(hits)));
        Map<String, Double> distance = new LinkedHashMap<>();
        byBucket.forEach((upper, hits) -> distance.put(Recall.distanceBucket(upper), mean(hits)));
        return new TaskScore(spec.task(), TaskScore.ACCURACY, mean(perQuery), List.copyOf(perQuery), spec.seed(), null, null, null, null,
                pairs, distance);
    }

    /** The first index of the largest of {@code count} values from {@code offset}; NaN is never the largest. */
    static int argmax(float[] values, int offset, int count) {
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            float v = values[offset + c];
            if (v > max || best < 0 && v == max) {
                best = c;
                max = v;
            }
        }
        return best;
    }

    /** Summed in query order. */
    static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.isEmpty() ? 0 : sum / values.size();
    }
}
