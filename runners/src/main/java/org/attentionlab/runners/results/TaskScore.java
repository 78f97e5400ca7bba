package org.attentionlab.runners.results;

import java.util.List;
import java.util.Map;

/**
 * One task's score for one side (a variant's cell, the reference or the truncation baseline) at one context size,
 * with each query's value kept so that {@code compare} can pair queries across runs.
 *
 * @param task        the task's name (passkey, needle, retrieval, recall)
 * @param metric      what {@code score} is: {@code accuracyAt1} (passkey, needle), {@code ndcgAt10} (retrieval),
 *                    {@code accuracy} (recall)
 * @param score       the mean of {@code perQuery}
 * @param perQuery    each query's value of {@code metric}, in query order
 * @param seed        the seed the task was generated with (null for a labelled set read from files)
 * @param byDepth     passkey and needle: accuracy@1 of the queries whose statement sits at each depth (percent, as a
 *                    string key); else null
 * @param ndcgAt10    retrieval: mean nDCG@10; else null
 * @param recallAt100 retrieval: mean Recall@100; else null
 * @param mrrAt10     retrieval: mean MRR@10; else null
 * @param byPairs     recall: accuracy per number of pairs; else null
 * @param byDistance  recall: accuracy per distance bucket between a pair and its query; else null
 */
public record TaskScore(String task, String metric, double score, List<Double> perQuery, Long seed, Map<String, Double> byDepth,
                        Double ndcgAt10, Double recallAt100, Double mrrAt10, Map<String, Double> byPairs,
                        Map<String, Double> byDistance) {

    public static final String ACCURACY_AT_1 = "accuracyAt1";
    public static final String NDCG_AT_10 = "ndcgAt10";
    public static final String ACCURACY = "accuracy";
}
