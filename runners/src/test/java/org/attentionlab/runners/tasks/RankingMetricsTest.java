package org.attentionlab.runners.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ranking measures against rankings worked by hand the way trec_eval scores them: ties broken by document id,
 * descending; gain = grade; grade 0 judged but not relevant.
 */
class RankingMetricsTest {

    // ids a..e scored 0.9, 0.5, 0.5, 0.7, 0.1: b and c tie, and trec_eval puts c (the larger id) first
    static final List<String> IDS = List.of("a", "b", "c", "d", "e");
    static final double[] SCORES = {0.9, 0.5, 0.5, 0.7, 0.1};
    // a judged non-relevant (0), b and e highly relevant (2), d relevant (1), c not judged
    static final Map<Integer, Integer> GRADES = Map.of(0, 0, 1, 2, 3, 1, 4, 2);

    @Test
    void tiesAreBrokenByDocumentIdDescending() {
        assertArrayEquals(new Integer[] {0, 3, 2, 1, 4}, RankingMetrics.rank(SCORES, IDS));
    }

    @Test
    void ndcgUsesTheGradeAsGainAndTheIdealOfAllJudgedGrades() {
        Integer[] ranking = RankingMetrics.rank(SCORES, IDS);
        // DCG = 1/log2(3) + 2/log2(5) + 2/log2(6) (d at 2, b at 4, e at 5); IDCG = 2 + 2/log2(3) + 1/log2(4)
        assertEquals(0.6023586154359912, RankingMetrics.ndcgAt(10, ranking, GRADES), 1e-12);
        // cut at 3: only d counts; the ideal is cut at 3 too
        assertEquals(0.16771752171325524, RankingMetrics.ndcgAt(3, ranking, GRADES), 1e-12);
        // with the tie broken the other way (b at 3) it would be 0.6392...: the order matters
    }

    @Test
    void recallAndReciprocalRank() {
        Integer[] ranking = RankingMetrics.rank(SCORES, IDS);
        assertEquals(1.0 / 3, RankingMetrics.recallAt(3, ranking, GRADES), 1e-12); // d of {b, d, e}
        assertEquals(1.0, RankingMetrics.recallAt(100, ranking, GRADES), 1e-12);
        assertEquals(0.5, RankingMetrics.mrrAt(10, ranking, GRADES), 1e-12); // d at rank 2
        assertEquals(0.0, RankingMetrics.mrrAt(1, ranking, GRADES), 1e-12); // a, judged 0, is first
    }

    @Test
    void aPerfectRankingScoresOne() {
        Integer[] ranking = {1, 4, 3, 0, 2};
        assertEquals(1.0, RankingMetrics.ndcgAt(10, ranking, GRADES), 1e-12);
        assertEquals(1.0, RankingMetrics.mrrAt(10, ranking, GRADES), 1e-12);
    }
}
