package org.attentionlab.runners.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlab.runners.config.TaskSpec;
import org.attentionlab.runners.results.TaskScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MQAR generator's layout, its draws, its seeds, and recall's scoring from next-token logits. */
class RecallTest {

    private static final int VOCAB = 256;

    private static int count(int[] ids, int token) {
        return (int) Arrays.stream(ids).filter(t -> t == token).count();
    }

    @ParameterizedTest
    @CsvSource({"64, 16, 16", "64, 2, 16", "100, 8, 3", "4096, 127, 16"})
    void pairsFirstThenFillerThenQueriesEachAnswerPresentExactlyOnce(int n, int pairs, int queries) {
        Recall.Sequence s = Recall.sequence(n, pairs, queries, VOCAB, 7);
        int[] ids = s.ids();
        assertEquals(n, ids.length);
        assertEquals(pairs, s.pairs());
        assertEquals(Recall.FILLER, ids[0], "a first filler token");
        int asked = Math.min(pairs, queries);
        assertEquals(asked, s.queries().size());
        Set<Integer> keys = new HashSet<>();
        Set<Integer> values = new HashSet<>();
        for (int p = 0; p < pairs; p++) {
            int key = ids[1 + 2 * p];
            int value = ids[2 + 2 * p];
            assertTrue(key >= 1 && key < VOCAB / 2, "key " + key + " in [1, V/2)");
            assertTrue(value >= VOCAB / 2 && value < VOCAB, "value " + value + " in [V/2, V)");
            assertTrue(keys.add(key), "keys are distinct");
            assertTrue(values.add(value), "values are distinct");
        }
        for (int i = 1 + 2 * pairs; i < n - asked; i++) {
            assertEquals(Recall.FILLER, ids[i], "filler at " + i);
        }
        Set<Integer> askedKeys = new HashSet<>();
        for (int q = 0; q < asked; q++) {
            Recall.Query query = s.queries().get(q);
            assertEquals(n - asked + q, query.position(), "the queries sit at the end, in order");
            assertEquals(query.key(), ids[query.position()]);
            assertTrue(askedKeys.add(query.key()), "each key asked at most once");
            int keyAt = 1 + 2 * (Arrays.stream(ids, 0, 1 + 2 * pairs).boxed().toList().indexOf(query.key()) / 2);
            assertEquals(query.key(), ids[keyAt]);
            assertEquals(query.answer(), ids[keyAt + 1], "the answer is what followed the key");
            assertEquals(1, count(ids, query.answer()), "the answer is present exactly once");
            assertEquals(2, count(ids, query.key()), "the key: once in its pair, once asked");
            assertEquals(query.position() - (keyAt + 1), query.distance(), "distance: the query's position less the value's");
        }
    }

    @Test
    void theSameSeedGivesTheSameSequenceAndTheDrawsDoNotDependOnN() {
        Recall.Sequence a = Recall.sequence(512, 16, 16, VOCAB, 1);
        assertArrayEquals(a.ids(), Recall.sequence(512, 16, 16, VOCAB, 1).ids());
        assertFalse(Arrays.equals(a.ids(), Recall.sequence(512, 16, 16, VOCAB, 2).ids()), "another seed, another sequence");
        Recall.Sequence shorter = Recall.sequence(64, 16, 16, VOCAB, 1);
        assertArrayEquals(Arrays.copyOf(a.ids(), 33), Arrays.copyOf(shorter.ids(), 33), "the same pairs at every n");
        assertEquals(a.queries().stream().map(Recall.Query::key).toList(), shorter.queries().stream().map(Recall.Query::key).toList(),
                "the same keys asked in the same order at every n");
        assertEquals(a.queries().get(0).distance() - shorter.queries().get(0).distance(), 512 - 64, "only the filler grows");
    }

    @Test
    void seedOneIsPinned() {
        // a change to the draws changes every recorded recall figure: this pins seed 1's first sequence
        Recall.Sequence s = Recall.sequence(16, 2, 16, VOCAB, 1);
        assertArrayEquals(new int[] {0, 91, 145, 16, 225, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 91}, s.ids());
    }

    @Test
    void aSpecGivesOneSequencePerEntryOfPairs() {
        TaskSpec spec = new TaskSpec("recall", "recall", null, null, 3L, null, null, List.of(4, 2), 3, 64);
        List<Recall.Sequence> sequences = Recall.generate(spec, 32);
        assertEquals(List.of(4, 2), sequences.stream().map(Recall.Sequence::pairs).toList());
        assertEquals(List.of(3, 2), sequences.stream().map(s -> s.queries().size()).toList());
        assertArrayEquals(Recall.sequence(32, 4, 3, 64, 3).ids(), sequences.get(0).ids());
    }

    @Test
    void distanceBucketsEndAtPowersOfTwo() {
        assertEquals("1-16", Recall.distanceBucket(1));
        assertEquals("1-16", Recall.distanceBucket(16));
        assertEquals("17-32", Recall.distanceBucket(17));
        assertEquals("33-64", Recall.distanceBucket(64));
        assertEquals("65-128", Recall.distanceBucket(65));
        assertEquals("2049-4096", Recall.distanceBucket(4095));
    }

    /** Logits that put the argmax at {@code answer} for the queries in {@code right}, at the key itself for the others. */
    private static float[] logits(Recall.Sequence s, Set<Integer> right) {
        int n = s.ids().length;
        float[] out = new float[n * VOCAB];
        for (Recall.Query q : s.queries()) {
            out[q.position() * VOCAB + (right.contains(q.position()) ? q.answer() : q.key())] = 5f;
        }
        return out;
    }

    @Test
    void aHitIsTheArgmaxAtTheQueryBeingTheValueWithBreakdownsByPairsAndDistance() {
        TaskSpec spec = new TaskSpec("recall", "recall", null, null, 1L, null, null, List.of(2, 4), 16, VOCAB);
        List<Recall.Sequence> sequences = Recall.generate(spec, 64);
        // sequence 0 (2 pairs): both right; sequence 1 (4 pairs): the first query right only
        Recall.Sequence four = sequences.get(1);
        Map<Integer, Set<Integer>> right = Map.of(2, Set.of(62, 63), 4, Set.of(four.queries().get(0).position()));
        TaskScore score = TaskScorer.recall(spec, sequences, ids -> {
            Recall.Sequence s = sequences.stream().filter(x -> x.ids() == ids).findFirst().orElseThrow();
            return logits(s, right.get(s.pairs()));
        });
        assertEquals(TaskScore.ACCURACY, score.metric());
        assertEquals(List.of(1.0, 1.0, 1.0, 0.0, 0.0, 0.0), score.perQuery());
        assertEquals(0.5, score.score(), 1e-12);
        assertEquals(Map.of("2", 1.0, "4", 0.25), score.byPairs());
        assertEquals(List.of("33-64"), List.copyOf(score.byDistance().keySet()), "distances 48..61 at n=64");
        assertEquals(0.5, score.byDistance().get("33-64"), 1e-12);
        assertEquals(1L, score.seed());
    }

    @Test
    void aRowOfNaNIsAMissNotAHit() {
        TaskSpec spec = new TaskSpec("recall", "recall", null, null, 1L, null, null, List.of(2), 16, VOCAB);
        List<Recall.Sequence> sequences = Recall.generate(spec, 16);
        float[] nan = new float[16 * VOCAB];
        Arrays.fill(nan, Float.NaN);
        TaskScore score = TaskScorer.recall(spec, sequences, ids -> nan);
        assertEquals(List.of(0.0, 0.0), score.perQuery());
    }

    @Test
    void argmaxTakesTheFirstOfEqualValues() {
        assertEquals(1, TaskScorer.argmax(new float[] {9, 1, 3, 3}, 1, 3), "from the offset on");
        assertEquals(1, TaskScorer.argmax(new float[] {1, 3, 3}, 0, 3));
        assertEquals(0, TaskScorer.argmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 0, 2));
    }
}
