package org.attentionlab.core.testing;

import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;

/** Steps seeded random tokens through a decode state, for the tests of cache policies (what they hold, not what they output). */
public final class DecodeDriver {

    private DecodeDriver() {
    }

    /** A fresh state of {@code attention} for {@code shape}, then {@code tokens} steps of seeded Gaussian rows. */
    public static DecodeState decode(Attention attention, DecodeShape shape, int tokens, long seed) {
        DecodeState state = attention.startDecode(shape);
        steps(state, shape, tokens, new Random(seed));
        return state;
    }

    /** {@code tokens} more steps of Gaussian rows drawn from {@code random}. */
    public static void steps(DecodeState state, DecodeShape shape, int tokens, Random random) {
        float[][] out = new float[shape.heads()][shape.dHead()];
        for (int t = 0; t < tokens; t++) {
            state.step(TestHeads.gaussian(random, shape.heads(), 1, shape.dHead()),
                    TestHeads.gaussian(random, shape.kvHeads(), 1, shape.dHead()),
                    TestHeads.gaussian(random, shape.kvHeads(), 1, shape.dHead()), out);
        }
    }
}
