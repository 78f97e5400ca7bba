package org.attentionlab.core.attention;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * One layer's attention while a causal decoder generates token by token: its key/value cache and whatever
 * the variant's cache policy needs (a rolling buffer for a window, accumulated scores for heavy-hitter
 * eviction, running sums for linear attention). Made by {@link Attention#startDecode}; it belongs to one
 * sequence and one thread at a time, and is independent of the {@link Attention} that made it (both may be
 * used afterwards).
 *
 * <p>Agreement: after {@link #prefill} of tokens {@code 0..p-1} and steps for tokens {@code p..t}, the
 * output of the step for token {@code t} equals, up to float rounding, row {@code t} of a causal
 * {@link Attention#forward} over tokens {@code 0..t} (the whole prefix recomputed), for the same queries,
 * keys and values. With grouped-query attention that forward receives, for query head {@code h}, the key
 * and value arrays of key/value head {@code h / group} (see {@link AttentionInput}).
 */
@ExtensionPoint
public interface DecodeState {

    /**
     * The causal forward over the prompt: same output as {@link Attention#forward} with {@code causal ==
     * true} on {@code input}; afterwards the cache holds what the policy keeps after {@code input.n()}
     * tokens. Called once, first, on a fresh state.
     *
     * @param input the prompt's per-head Q, K, V ({@code input.heads()} equal to the shape's {@code heads};
     *              for grouped-query attention the query heads of a group share one key array and one value
     *              array, as {@link AttentionInput} describes), {@code causal} true, key mask null
     * @param out   per-head output as {@link Attention#forward} writes it
     * @throws IllegalStateException    when called twice or after a step
     * @throws IllegalArgumentException when the input does not match the shape, is not causal, has a key mask,
     *                                  or holds more than {@code maxTokens} tokens
     */
    void prefill(AttentionInput input, float[][] out);

    /**
     * One new token: its key and value join the cache (the policy then evicts what it drops) and its query
     * attends over the cache.
     *
     * @param q   {@code heads} rows of {@code dHead} floats: the token's query per query head
     * @param k   {@code kvHeads} rows of {@code dHead} floats: the token's key per key/value head
     * @param v   {@code kvHeads} rows of {@code dHead} floats: the token's value per key/value head
     * @param out {@code heads} rows of at least {@code dHead} floats; the first {@code dHead} of each are
     *            overwritten with the token's attention output
     * @throws IllegalStateException when the state already holds {@code maxTokens} tokens
     */
    void step(float[][] q, float[][] k, float[][] v, float[][] out);

    /** Tokens seen so far: the prompt's length after {@link #prefill}, plus one per {@link #step}. */
    int position();

    /**
     * Keys held now per key/value head (every key/value head holds the same count): {@link #position()} for
     * a full cache, at most the window's keys for a window, 0 for a state that keeps no keys (linear
     * attention's running sums).
     */
    int keysHeld();

    /**
     * Bytes of cached keys and values held now, over all key/value heads (4 bytes a float): {@code 2 *
     * kvHeads * keysHeld() * dHead * 4} for a key/value cache, or the bytes of the state that replaces it
     * (linear attention's sums). What a decoder reports as its KV-cache size; excludes per-call scratch.
     */
    long cacheBytes();
}
