package org.attentionlab.runners.config;

import java.util.List;

/**
 * One task with a known answer ({@code tasks:} in an experiment), scored at every context size for the reference,
 * each variant and, for an extended model, the truncation baseline. Which fields apply depends on {@code task}:
 * <ul>
 *   <li>{@code passkey}, {@code needle} (encoders): {@code documents}, {@code depths}, {@code seed};</li>
 *   <li>{@code retrieval} (encoders): {@code format} ({@code beir}), {@code path};</li>
 *   <li>{@code recall} (decoders): {@code pairs}, {@code queries}, {@code vocab}, {@code seed}.</li>
 * </ul>
 *
 * @param task      the task's name: passkey, needle, retrieval or recall
 * @param label     the name its scores are stored under (default: the task's name); unique in the experiment
 * @param documents candidate documents (passkey, needle), each holding one inserted statement; also the queries
 * @param depths    where the statement sits, in percent of the document (passkey, needle; default 0, 25, 50, 75, 100)
 * @param seed      seed of the generated names, keys, facts and filler offsets (passkey, needle, recall; default 1)
 * @param format    the layout of a labelled set (retrieval: {@code beir})
 * @param path      the folder of a labelled set (retrieval), resolved against the experiment file's folder
 * @param pairs     key-value pairs per sequence, one run per entry (recall)
 * @param queries   queries per sequence (recall); a sequence with fewer pairs asks each of its keys once
 * @param vocab     the token ids keys and values are drawn from (recall): keys from [1, vocab/2), values from
 *                  [vocab/2, vocab), 0 the filler
 */
public record TaskSpec(String task, String label, Integer documents, List<Integer> depths, Long seed, String format, String path,
                       List<Integer> pairs, Integer queries, Integer vocab) {

    public static final String PASSKEY = "passkey";
    public static final String NEEDLE = "needle";
    public static final String RETRIEVAL = "retrieval";
    public static final String RECALL = "recall";
    public static final List<String> NAMES = List.of(PASSKEY, NEEDLE, RETRIEVAL, RECALL);
    public static final String BEIR = "beir";

    public static final int DEFAULT_DOCUMENTS = 50;
    public static final List<Integer> DEFAULT_DEPTHS = List.of(0, 25, 50, 75, 100);
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_QUERIES = 16;
    public static final int DEFAULT_VOCAB = 256;

    /** True for the tasks that hide a statement in filler (passkey, needle). */
    public boolean isHaystack() {
        return PASSKEY.equals(task) || NEEDLE.equals(task);
    }

    /** True for the tasks an encoder runs (everything but recall). */
    public boolean forEncoders() {
        return !RECALL.equals(task);
    }
}
