package org.attentionlab.core.mask;

import org.attentionlab.core.attention.AttentionPattern;

/**
 * Which (query i, key j) pairs attention may give weight to, in a sequence of n tokens: FlexAttention's
 * {@code mask_mod}. A mask says nothing about padding (padded keys never get weight) and need not repeat
 * causality: the engine intersects every mask with {@code j <= i} when its input is causal. A mask may
 * still depend on the causal flag (sliding-window's band is centred when bidirectional and trailing
 * when causal). Implementations are immutable and thread-safe; {@link #toString} is the canonical
 * expression, the key under which block maps are cached, so two masks with the same string must cover
 * the same pairs.
 */
public interface Mask extends AttentionPattern {

    /**
     * True when query {@code i} may attend to key {@code j} ({@code 0 <= i, j < n}); callers check the
     * range, and the engine applies causality itself.
     */
    boolean allows(int i, int j, int n, boolean causal);

    /**
     * The pairs of rows {@code [i0, i1)} and columns {@code [j0, j1)} this mask allows, in bulk. The
     * default answers {@link TileKind#PARTIAL}, always correct (the engine then evaluates every element and
     * refines the answer); primitives answer exactly or conservatively in O(1).
     */
    default TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
        return TileKind.PARTIAL;
    }

    /**
     * Whether a causal query at position {@code from} or later may still attend to key {@code j} (with
     * {@code j <= from}), at any sequence length: what a decode cache asks before it drops a key. False only
     * when no such query can (a key that slid out of a window); answering true is always safe, and the default
     * does, so a mask without this knowledge keeps every key. The answer must not grow with {@code from}:
     * once false for some {@code from}, false for every later one.
     */
    default boolean mayBeSeenFrom(int j, int from) {
        return true;
    }

    /** The diagnostics' view: this mask within {@code [0, n)}, intersected with {@code j <= i} when causal. */
    @Override
    default boolean covers(int i, int j, int n, boolean causal) {
        if (i < 0 || j < 0 || i >= n || j >= n || (causal && j > i)) {
            return false;
        }
        return allows(i, j, n, causal);
    }

    /** {@code this | other}: a pair either allows. */
    default Mask or(Mask other) {
        return new Masks.Or(this, other);
    }

    /** {@code this & other}: a pair both allow. */
    default Mask and(Mask other) {
        return new Masks.And(this, other);
    }

    /** {@code !this}: the pairs this mask hides. */
    default Mask not() {
        return new Masks.Not(this);
    }
}
