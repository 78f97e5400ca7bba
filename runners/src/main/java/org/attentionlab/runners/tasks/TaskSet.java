package org.attentionlab.runners.tasks;

import java.util.List;
import java.util.Map;

/**
 * One task's inputs at one context size, as token ids: candidate documents, queries, and for each query its
 * relevant documents with their grade. The same seed and size give the same set.
 *
 * @param label       the task's label (its key in results.json)
 * @param documentIds each document's id (trec_eval breaks ties between equal scores by id)
 * @param documents   each document's ids, [CLS] ... [SEP], at most n tokens
 * @param queries     each query's ids, [CLS] ... [SEP]
 * @param relevant    per query, document index -> grade (> 0: relevant)
 * @param depths      per query, the depth in percent of the statement in its document (passkey, needle); else null
 */
public record TaskSet(String label, List<String> documentIds, List<int[]> documents, List<int[]> queries,
                      List<Map<Integer, Integer>> relevant, List<Integer> depths) {

    /** This set with every document cut to its first {@code positions} tokens (the last one [SEP] again). */
    public TaskSet truncated(int positions, int sepId) {
        List<int[]> cut = documents.stream().map(d -> {
            if (d.length <= positions) {
                return d;
            }
            int[] c = java.util.Arrays.copyOf(d, positions);
            c[positions - 1] = sepId;
            return c;
        }).toList();
        return new TaskSet(label, documentIds, cut, queries, relevant, depths);
    }
}
