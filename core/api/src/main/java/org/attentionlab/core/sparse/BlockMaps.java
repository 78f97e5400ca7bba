package org.attentionlab.core.sparse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlab.core.mask.Mask;

/**
 * The block maps in use, cached per (mask expression, block, n, causal): the six layers of a model share
 * one map per length, and a context sweep keeps its last few. Least recently used maps are dropped
 * beyond {@link #CAPACITY}. Thread-safe.
 */
public final class BlockMaps {

    /** Maps kept: enough for a sweep's lengths times a few masks. */
    static final int CAPACITY = 32;

    private record Key(String mask, int block, int n, boolean causal) {
    }

    private static final Map<Key, BlockMap> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, BlockMap> eldest) {
            return size() > CAPACITY;
        }
    };

    private BlockMaps() {
    }

    /** The map of {@code mask} at block size {@code block} for n tokens, built on first use. */
    public static BlockMap get(Mask mask, int n, boolean causal, int block) {
        Key key = new Key(mask.toString(), block, n, causal);
        synchronized (CACHE) {
            BlockMap map = CACHE.get(key);
            if (map != null) {
                return map;
            }
        }
        BlockMap built = BlockMap.build(mask, n, causal, block); // outside the lock: two builders give equal maps
        synchronized (CACHE) {
            CACHE.putIfAbsent(key, built);
            return CACHE.get(key);
        }
    }
}
