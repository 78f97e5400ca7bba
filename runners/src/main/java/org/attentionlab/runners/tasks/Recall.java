package org.attentionlab.runners.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionlab.runners.config.TaskSpec;

/**
 * Multi-query associative recall (MQAR) after Zoology (Arora et al. 2023, {@code zoology/data/multiquery_ar.py}), with
 * the layout of the issue: key-value pairs first, filler up to n, the queries last. Keys and values are drawn as
 * Zoology draws them: keys without replacement from {@code [1, vocab/2)}, values without replacement from
 * {@code [vocab/2, vocab)}; token 0 is the filler (Zoology's {@code random_non_queries=False}), so no key or value
 * ever occurs outside its pair and each answer is present exactly once. One sequence of n tokens per entry of
 * {@code pairs}:
 * <pre>
 *   position 0          filler (a first token that is never asked for: it has no previous token)
 *   1 + 2p, 2 + 2p      pair p's key, then its value           (p = 0 .. pairs-1)
 *   ...                 filler
 *   n - q .. n - 1      the keys of q distinct pairs, in a seeded order, q = min(queries, pairs)
 * </pre>
 * A query is a hit when the argmax of the model's next-token logits at the query's position is the pair's value.
 * Its distance is the query's position less the value's: how far back attention must reach to read what followed
 * the key (a causal window of w keys back, {@code window(w)}, keeps exactly the distances up to w).
 *
 * <p>The draws depend on the seed and the number of pairs alone, not on n: the same pairs and queries sit at every
 * context size, only the filler between them grows.
 */
public final class Recall {

    /** The filler token: never a key or a value. */
    public static final int FILLER = 0;
    /** Tokens a sequence takes besides its pairs and queries: the first, filler. */
    public static final int LEADING_FILLER = 1;

    private Recall() {
    }

    /**
     * One query.
     *
     * @param position where the key is asked (the logits row read)
     * @param key      the key asked
     * @param answer   its value, the right next token
     * @param distance {@code position} less the value's position
     */
    public record Query(int position, int key, int answer, int distance) {
    }

    /**
     * One sequence of n tokens and its queries in position order.
     *
     * @param pairs the key-value pairs it holds
     */
    public record Sequence(int pairs, int[] ids, List<Query> queries) {
    }

    /** Queries asked of a sequence with {@code pairs} pairs: each key at most once. */
    public static int queriesPerSequence(int pairs, int queries) {
        return Math.min(pairs, queries);
    }

    /** Tokens a sequence needs: the first filler token, the pairs and the queries. */
    public static int tokensNeeded(int pairs, int queries) {
        return LEADING_FILLER + 2 * pairs + queriesPerSequence(pairs, queries);
    }

    /** The task's sequences at size n, one per entry of {@code pairs}, in the config's order. */
    public static List<Sequence> generate(TaskSpec spec, int n) {
        List<Sequence> out = new ArrayList<>();
        for (int pairs : spec.pairs()) {
            out.add(sequence(n, pairs, spec.queries(), spec.vocab(), spec.seed()));
        }
        return out;
    }

    /**
     * One sequence.
     *
     * @throws IllegalArgumentException when the vocabulary or n cannot hold it (the config's checks refuse those first)
     */
    public static Sequence sequence(int n, int pairs, int queries, int vocab, long seed) {
        int half = vocab / 2;
        if (pairs < 1 || pairs > half - 1 || pairs > vocab - half) {
            throw new IllegalArgumentException(pairs + " pairs do not fit a vocabulary of " + vocab);
        }
        int asked = queriesPerSequence(pairs, queries);
        if (tokensNeeded(pairs, queries) > n) {
            throw new IllegalArgumentException(pairs + " pairs and " + asked + " queries do not fit in " + n + " tokens");
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + pairs);
        int[] keys = draw(1, half, pairs, random);
        int[] values = draw(half, vocab, pairs, random);
        int[] order = draw(0, pairs, asked, random); // which pairs are asked, in asking order
        int[] ids = new int[n];
        Arrays.fill(ids, FILLER);
        for (int p = 0; p < pairs; p++) {
            ids[LEADING_FILLER + 2 * p] = keys[p];
            ids[LEADING_FILLER + 2 * p + 1] = values[p];
        }
        List<Query> out = new ArrayList<>(asked);
        for (int q = 0; q < asked; q++) {
            int position = n - asked + q;
            int p = order[q];
            ids[position] = keys[p];
            out.add(new Query(position, keys[p], values[p], position - (LEADING_FILLER + 2 * p + 1)));
        }
        return new Sequence(pairs, ids, List.copyOf(out));
    }

    /** {@code count} distinct ids from {@code [from, to)}, in a seeded order (a partial Fisher-Yates shuffle). */
    private static int[] draw(int from, int to, int count, SplittableRandom random) {
        int[] pool = new int[to - from];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = from + i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return Arrays.copyOf(pool, count);
    }

    /**
     * The distance bucket a query is reported under: {@code 1-16}, then powers of two ({@code 17-32}, {@code 33-64},
     * {@code 65-128}, ...), so a window of a power of two keys back ends exactly at a bucket's edge.
     */
    public static String distanceBucket(int distance) {
        int upper = 16;
        while (upper < distance) {
            upper *= 2;
        }
        return (upper == 16 ? 1 : upper / 2 + 1) + "-" + upper;
    }

    /** The bucket's upper edge, for ordering. */
    public static int bucketUpper(String bucket) {
        return Integer.parseInt(bucket.substring(bucket.indexOf('-') + 1));
    }
}
