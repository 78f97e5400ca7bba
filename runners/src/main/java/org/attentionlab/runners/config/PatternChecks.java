package org.attentionlab.runners.config;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.sparse.BlockMap;
import org.attentionlab.core.sparse.BlockMaps;
import org.attentionlab.core.sparse.BlockSparseAttention;

/**
 * Refuses a variant on the block-sparse engine whose mask hides every key from every query at one of the
 * configured context sizes: each of its output rows would be zeros, a result no sweep means to measure. Whether a
 * mask such as {@code !window(100)} leaves any pair depends on n, so only the sizes of the experiment are checked,
 * here, and the message names the size (a plugin checks no length of its own). The
 * block maps built for the check are the ones the run then uses (they are cached per mask, n, causal flag
 * and block size). A map too large to hold (a dense mask at millions of tokens) is refused here too, in its
 * own one line.
 */
final class PatternChecks {

    private PatternChecks() {
    }

    static void refuseEmptyMasks(List<VariantSpec> variants, List<Integer> sizes, boolean causal, PluginRegistry plugins,
                                 ConfigSource src) {
        for (int i = 0; i < variants.size(); i++) {
            VariantSpec v = variants.get(i);
            Attention attention = plugins.factory(v.name()).create(v.params());
            if (!(attention instanceof BlockSparseAttention engine)) {
                continue;
            }
            for (int n : sizes) {
                BlockMap map;
                try {
                    map = BlockMaps.get(engine.mask(), n, causal, engine.block());
                } catch (IllegalArgumentException tooLarge) {   // a map past its memory limit, refused in one line
                    throw new ConfigException(src.at("/contextSizes") + "variants[" + i + "]: " + tooLarge.getMessage());
                }
                if (map.coveredPairs() == 0) {
                    throw new ConfigException(src.at("/variants/" + i + "/params") + "variants[" + i + "]: mask "
                            + engine.mask() + " hides every key from every query at n = " + n
                            + " (every output row would be zeros)" + (causal ? " with causal input" : ""));
                }
            }
        }
    }
}
