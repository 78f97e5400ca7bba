package org.attentionlab.core.mask;

/**
 * The mask primitives and combinators. Each answers {@link Mask#tile} exactly or conservatively in O(1),
 * so a block map of n/B x n/B tiles costs O((n/B)^2) plus B^2 per partial tile.
 */
public final class Masks {

    private Masks() {
    }

    /** Every pair: {@code all}. */
    public static Mask all() {
        return All.INSTANCE;
    }

    /** {@code causal}: {@code j <= i}. */
    public static Mask causal() {
        return Causal.INSTANCE;
    }

    /** {@code window(w)}: {@code |i - j| <= w}. */
    public static Mask window(int w) {
        return new Window(w);
    }

    /** {@code sinks(k)}: the first k keys, visible to every query (StreamingLLM). */
    public static Mask sinks(int k) {
        return new Sinks(k);
    }

    /** {@code global(k)}: the first k tokens see every key and are seen by every query (Longformer). */
    public static Mask global(int k) {
        return new Global(k);
    }

    /** {@code prefix(k)}: prefix-LM, the first k keys are seen by all, the rest causally ({@code j < k or j <= i}). */
    public static Mask prefix(int k) {
        return new Prefix(k);
    }

    /** {@code dilated(w, d)}: {@code |i - j| <= w} and {@code |i - j|} a multiple of d. */
    public static Mask dilated(int w, int d) {
        return new Dilated(w, d);
    }

    /** {@code a} when the input is bidirectional, {@code c} when it is causal (named {@code name} in the cache). */
    public static Mask byCausality(String name, Mask bidirectional, Mask causal) {
        return new ByCausality(name, bidirectional, causal);
    }

    /** Smallest |i - j| over rows [i0, i1) x columns [j0, j1). */
    static long minDistance(int i0, int i1, int j0, int j1) {
        if (j1 <= i0) {
            return (long) i0 - (j1 - 1);
        }
        if (i1 <= j0) {
            return (long) j0 - (i1 - 1);
        }
        return 0;
    }

    /** Largest |i - j| over rows [i0, i1) x columns [j0, j1). */
    static long maxDistance(int i0, int i1, int j0, int j1) {
        return Math.max(Math.abs((long) i0 - (j1 - 1)), Math.abs((long) (i1 - 1) - j0));
    }

    enum All implements Mask {
        INSTANCE;

        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return true;
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            return TileKind.FULL;
        }

        @Override
        public String toString() {
            return "all";
        }
    }

    enum Causal implements Mask {
        INSTANCE;

        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return j <= i;
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            return causalTile(i0, i1, j0, j1);
        }

        @Override
        public String toString() {
            return "causal";
        }
    }

    /** The kind of the tile under {@code j <= i}. */
    public static TileKind causalTile(int i0, int i1, int j0, int j1) {
        if (j1 - 1 <= i0) {
            return TileKind.FULL;
        }
        return j0 > i1 - 1 ? TileKind.EMPTY : TileKind.PARTIAL;
    }

    record Window(int w) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return Math.abs(i - j) <= w;
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            if (minDistance(i0, i1, j0, j1) > w) {
                return TileKind.EMPTY;
            }
            return maxDistance(i0, i1, j0, j1) <= w ? TileKind.FULL : TileKind.PARTIAL;
        }

        @Override
        public boolean mayBeSeenFrom(int j, int from) {
            return (long) j >= (long) from - w;
        }

        @Override
        public String toString() {
            return "window(" + w + ")";
        }
    }

    record Sinks(int k) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return j < k;
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            if (j1 <= k) {
                return TileKind.FULL;
            }
            return j0 >= k ? TileKind.EMPTY : TileKind.PARTIAL;
        }

        @Override
        public boolean mayBeSeenFrom(int j, int from) {
            return j < k;
        }

        @Override
        public String toString() {
            return "sinks(" + k + ")";
        }
    }

    record Global(int k) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return i < k || j < k;
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            if (i1 <= k || j1 <= k) {
                return TileKind.FULL;
            }
            return i0 >= k && j0 >= k ? TileKind.EMPTY : TileKind.PARTIAL;
        }

        @Override
        public boolean mayBeSeenFrom(int j, int from) {
            return j < k || from < k;
        }

        @Override
        public String toString() {
            return "global(" + k + ")";
        }
    }

    record Prefix(int k) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return j < k || j <= i;
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            return new Sinks(k).tile(i0, i1, j0, j1, n, causal).or(causalTile(i0, i1, j0, j1));
        }

        @Override
        public String toString() {
            return "prefix(" + k + ")";
        }
    }

    record Dilated(int w, int d) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            int delta = Math.abs(i - j);
            return delta <= w && delta % d == 0;
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            if (minDistance(i0, i1, j0, j1) > w) {
                return TileKind.EMPTY;
            }
            return d == 1 && maxDistance(i0, i1, j0, j1) <= w ? TileKind.FULL : TileKind.PARTIAL;
        }

        @Override
        public boolean mayBeSeenFrom(int j, int from) {
            return (long) j >= (long) from - w;
        }

        @Override
        public String toString() {
            return "dilated(" + w + ", " + d + ")";
        }
    }

    record Or(Mask a, Mask b) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return a.allows(i, j, n, causal) || b.allows(i, j, n, causal);
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            TileKind left = a.tile(i0, i1, j0, j1, n, causal);
            return left == TileKind.FULL ? left : left.or(b.tile(i0, i1, j0, j1, n, causal));
        }

        @Override
        public boolean mayBeSeenFrom(int j, int from) {
            return a.mayBeSeenFrom(j, from) || b.mayBeSeenFrom(j, from);
        }

        @Override
        public String toString() {
            return "(" + a + " | " + b + ")";
        }
    }

    record And(Mask a, Mask b) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return a.allows(i, j, n, causal) && b.allows(i, j, n, causal);
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            TileKind left = a.tile(i0, i1, j0, j1, n, causal);
            return left == TileKind.EMPTY ? left : left.and(b.tile(i0, i1, j0, j1, n, causal));
        }

        @Override
        public boolean mayBeSeenFrom(int j, int from) {
            return a.mayBeSeenFrom(j, from) && b.mayBeSeenFrom(j, from);
        }

        @Override
        public String toString() {
            return "(" + a + " & " + b + ")";
        }
    }

    record Not(Mask a) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return !a.allows(i, j, n, causal);
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            return a.tile(i0, i1, j0, j1, n, causal).not();
        }

        @Override
        public String toString() {
            return "!" + a;
        }
    }

    record ByCausality(String name, Mask bidirectional, Mask causalMask) implements Mask {
        @Override
        public boolean allows(int i, int j, int n, boolean causal) {
            return (causal ? causalMask : bidirectional).allows(i, j, n, causal);
        }

        @Override
        public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
            return (causal ? causalMask : bidirectional).tile(i0, i1, j0, j1, n, causal);
        }

        @Override
        public boolean mayBeSeenFrom(int j, int from) {
            return causalMask.mayBeSeenFrom(j, from);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
