package org.attentionlab.runners.config;

/**
 * The synthetic attention inputs of a {@code kind: kernel} experiment.
 *
 * @param heads   query heads per call
 * @param kvHeads key/value heads (grouped-query attention: query head h reads key/value head h / (heads / kvHeads),
 *                the same arrays for a group); null, as resolved, when equal to {@code heads}, so configs written
 *                before the field existed read the same
 * @param dHead   width of one head
 * @param seed    seed of the random Q, K, V
 * @param causal  causal attention; a causal sweep also times each decoding variant's KV-cache decode steps
 */
public record KernelSpec(Integer heads, Integer kvHeads, Integer dHead, Long seed, Boolean causal) {

    public static KernelSpec defaults() {
        return new KernelSpec(12, null, 32, 0L, false);
    }

    /** Key/value heads: {@code kvHeads}, or {@code heads} when it is null. */
    public int keyValueHeads() {
        return kvHeads == null ? heads : kvHeads;
    }

    /** "12 heads x dHead 32", or "12 heads (4 key/value heads) x dHead 32" with grouped-query attention. */
    public String describe() {
        return heads + " heads" + (keyValueHeads() == heads ? "" : " (" + keyValueHeads() + " key/value heads)") + " x dHead " + dHead;
    }
}
