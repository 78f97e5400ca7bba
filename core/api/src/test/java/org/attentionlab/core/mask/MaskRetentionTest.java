package org.attentionlab.core.mask;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Mask#mayBeSeenFrom} keeps its promise for every primitive and combinator: when it says a key is no
 * longer seen from position {@code from}, no causal query at or after {@code from} is allowed it at any length
 * tried, and the answer never turns back to true; and it drops what a window leaves behind.
 */
class MaskRetentionTest {

    private static final String[] EXPRESSIONS = {
        "all", "causal", "window(5)", "sinks(3)", "global(4)", "prefix(6)", "dilated(6, 3)", "window(4) | sinks(2)",
        "(window(9) & !window(2)) | sinks(2)", "global(2) | window(1)", "!window(3)", "window(3) & sinks(5)",
        "bigbird(4, 3, 1, 1, 9)", "window(7) & prefix(2)"
    };

    @Test
    void aKeyDeclaredUnseenIsNeverAllowedToALaterCausalQuery() {
        for (String expression : EXPRESSIONS) {
            Mask mask = MaskGrammar.parseMask("mask", expression);
            for (int from = 0; from < 40; from++) {
                for (int j = 0; j <= from; j++) {
                    if (mask.mayBeSeenFrom(j, from)) {
                        continue;
                    }
                    assertFalse(mask.mayBeSeenFrom(j, from + 1), expression + ": key " + j + " unseen from " + from + " but seen from " + (from + 1));
                    for (int i = from; i < 80; i++) {
                        for (int n : new int[] {i + 1, i + 17, 96}) {
                            assertFalse(mask.covers(i, j, n, true),
                                    expression + ": key " + j + " declared unseen from " + from + " but query " + i + " sees it at n=" + n);
                        }
                    }
                }
            }
        }
    }

    @Test
    void windowsDropTheKeysTheyLeftBehind() {
        assertFalse(MaskGrammar.parseMask("mask", "window(5)").mayBeSeenFrom(4, 10));
        assertTrue(MaskGrammar.parseMask("mask", "window(5)").mayBeSeenFrom(5, 10));
        assertTrue(MaskGrammar.parseMask("mask", "window(5) | sinks(2)").mayBeSeenFrom(1, 1000));
        assertFalse(MaskGrammar.parseMask("mask", "window(5) | sinks(2)").mayBeSeenFrom(2, 1000));
        assertTrue(MaskGrammar.parseMask("mask", "global(3)").mayBeSeenFrom(2, 100));
        assertTrue(MaskGrammar.parseMask("mask", "global(3)").mayBeSeenFrom(1, 2), "query 2 is global: it sees key 1");
        assertFalse(MaskGrammar.parseMask("mask", "global(3)").mayBeSeenFrom(5, 6));
    }
}
