package org.attentionlab.core.sparse;

import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.mask.TileKind;

/**
 * A mask cut into tiles of {@code block x block} (query block, key block) pairs for one n and causal flag:
 * which tiles are computed, and for the partial ones which pairs. Rows of tiles are stored compressed (the
 * non-empty key blocks of query block qb are {@code keyBlock[rowStart[qb] .. rowStart[qb + 1])}, ascending);
 * a partial tile has {@code block} rows of {@link #words} longs of bits, bit c of row r set when key
 * {@code j0 + c} is visible to query {@code i0 + r}. Causality ({@code j <= i}) is folded in.
 *
 * <p>A partial tile whose visible pairs all lie in a box of at most half its area is <em>boxed</em>: the
 * engine computes that box alone (its rows times its columns) instead of the whole tile. This is what a
 * global token or an attention sink leaves outside the band: a tile of one visible row, or of a few visible
 * columns, which would otherwise cost as much as a full tile. Immutable after {@link #build}, so one map is
 * shared by every layer and thread.
 */
public final class BlockMap {

    /** No bits: a full tile. */
    public static final int FULL = -1;

    private final int n;
    private final int block;
    private final boolean causal;
    private final int words;
    private final int[] rowStart;
    private final int[] keyBlock;
    private final int[] bitsAt;
    private final long[] bits;
    /**
     * The same bits column by column, at the same offsets: bit r of {@code columnBits[at + c * words + r / 64]}
     * is bit c of row r. The fused kernel's bias tile reads a panel's rows of one column in one long.
     */
    private final long[] columnBits;
    /**
     * Per partial tile (in the order of its bits): first row, end row, first column and end column of the
     * box its visible pairs lie in (tile-local), and 1 when the tile is boxed, else 0.
     */
    private final int[] boxes;
    private final long computedPairs;
    private final long coveredPairs;

    private BlockMap(int n, int block, boolean causal, int words, int[] rowStart, int[] keyBlock, int[] bitsAt,
                     long[] bits, long[] columnBits, int[] boxes, long computedPairs, long coveredPairs) {
        this.n = n;
        this.block = block;
        this.causal = causal;
        this.words = words;
        this.rowStart = rowStart;
        this.keyBlock = keyBlock;
        this.bitsAt = bitsAt;
        this.bits = bits;
        this.columnBits = columnBits;
        this.boxes = boxes;
        this.computedPairs = computedPairs;
        this.coveredPairs = coveredPairs;
    }

    /**
     * Classifies every tile by {@link Mask#tile}, then refines each partial tile element by element (a
     * partial tile with no visible pair becomes empty, one with every pair visible becomes full). Computed
     * pairs count a boxed tile's box, not the whole tile.
     */
    public static BlockMap build(Mask mask, int n, boolean causal, int block) {
        return build(mask, n, causal, block, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * {@link #build}, refusing (one line, {@link IllegalArgumentException}) a map that grows past
     * {@code budgetBytes}: a dense mask's map holds (n / block)^2 tiles, 1.9 GB for {@code all} at n = 10^6 in
     * tiles of 64, and past about n = 3 x 10^6 more than a Java array can; the check runs as the map grows,
     * so the refusal comes before the memory is spent, not as an OutOfMemoryError or an overflowed array.
     */
    static BlockMap build(Mask mask, int n, boolean causal, int block, long budgetBytes) {
        if (n < 1 || block < 1) {
            throw new IllegalArgumentException("need n >= 1 and block >= 1, got n=" + n + " block=" + block);
        }
        int blocks = blockCount(n, block);
        int words = (block + 63) / 64;
        // past this many bytes of entries, bits and boxes the map is refused; the cap keeps every list within an array
        long limit = Math.min(budgetBytes, 8L * (MAX_ENTRIES / 2) - 16L * block * words);
        // the first and last rows of tiles, classified without their bits, foretell a dense map (all, causal)
        // at once: without it a refusal came only after the map had filled its limit, 75 s and 13 GB at n = 2e9
        long rowsBytes = rowBytes(mask, n, causal, block, 0) + rowBytes(mask, n, causal, block, blocks - 1);
        if (rowsBytes / 2 > limit / blocks) {
            throw tooLarge(mask, n, block, limit);
        }
        int[] rowStart = new int[blocks + 1];
        IntList keys = new IntList();
        IntList at = new IntList();
        LongList bitList = new LongList();
        LongList columnBitList = new LongList();
        IntList boxList = new IntList();
        long computed = 0;
        long covered = 0;
        long[] tileBits = new long[block * words];
        long[] tileColumnBits = new long[block * words];
        for (int qb = 0; qb < blocks; qb++) {
            int i0 = qb * block;
            int i1 = Math.min(n, i0 + block);
            int lastKeyBlock = causal ? qb : blocks - 1;
            for (int kb = 0; kb <= lastKeyBlock; kb++) {
                // checked per tile, before the next one adds at most a tile's bits: a sum and a compare beside tile()
                if (8L * keys.size() + 16L * bitList.size() + 4L * boxList.size() > limit) {
                    throw tooLarge(mask, n, block, limit);
                }
                int j0 = kb * block;
                int j1 = Math.min(n, j0 + block);
                TileKind kind = mask.tile(i0, i1, j0, j1, n, causal);
                if (causal) {
                    kind = kind.and(Masks.causalTile(i0, i1, j0, j1));
                }
                long area = (long) (i1 - i0) * (j1 - j0);
                if (kind == TileKind.PARTIAL) {
                    java.util.Arrays.fill(tileBits, 0L);
                    java.util.Arrays.fill(tileColumnBits, 0L);
                    long visible = 0;
                    int rowFrom = Integer.MAX_VALUE;
                    int rowTo = 0;
                    int colFrom = Integer.MAX_VALUE;
                    int colTo = 0;
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            if (mask.covers(i, j, n, causal)) {
                                int c = j - j0;
                                tileBits[(i - i0) * words + (c >>> 6)] |= 1L << (c & 63);
                                tileColumnBits[c * words + ((i - i0) >>> 6)] |= 1L << ((i - i0) & 63);
                                visible++;
                                rowFrom = Math.min(rowFrom, i - i0);
                                rowTo = i - i0 + 1;
                                colFrom = Math.min(colFrom, c);
                                colTo = Math.max(colTo, c + 1);
                            }
                        }
                    }
                    if (visible == 0) {
                        continue;
                    }
                    if (visible == area) {
                        kind = TileKind.FULL;
                    } else {
                        keys.add(kb);
                        at.add(bitList.size());
                        bitList.addAll(tileBits);
                        columnBitList.addAll(tileColumnBits);
                        long boxArea = (long) (rowTo - rowFrom) * (colTo - colFrom);
                        boolean boxed = 2 * boxArea <= area;
                        boxList.add(rowFrom);
                        boxList.add(rowTo);
                        boxList.add(colFrom);
                        boxList.add(colTo);
                        boxList.add(boxed ? 1 : 0);
                        computed += boxed ? boxArea : area;
                        covered += visible;
                        continue;
                    }
                }
                if (kind == TileKind.FULL) {
                    keys.add(kb);
                    at.add(FULL);
                    computed += area;
                    covered += area;
                }
            }
            rowStart[qb + 1] = keys.size();
        }
        return new BlockMap(n, block, causal, words, rowStart, keys.toArray(), at.toArray(), bitList.toArray(), columnBitList.toArray(),
                boxList.toArray(), computed, covered);
    }

    /** Blocks of {@code block} tokens in n (the last may be short). */
    public static int blockCount(int n, int block) {
        return (n - 1) / block + 1;
    }

    /** The sequence length the map was built for. */
    public int n() {
        return n;
    }

    /** Tile side in tokens. */
    public int block() {
        return block;
    }

    /** Whether {@code j <= i} is folded in. */
    public boolean causal() {
        return causal;
    }

    /** Query (and key) blocks. */
    public int blocks() {
        return rowStart.length - 1;
    }

    /** Longs per row of a partial tile's bits. */
    public int words() {
        return words;
    }

    /** First entry of query block qb; its entries run to {@code rowEnd(qb)}. */
    public int rowStart(int qb) {
        return rowStart[qb];
    }

    /** One past the last entry of query block qb. */
    public int rowEnd(int qb) {
        return rowStart[qb + 1];
    }

    /** The key block of an entry. */
    public int keyBlock(int entry) {
        return keyBlock[entry];
    }

    /** Offset of an entry's bits in {@link #bits()}, or {@link #FULL}. */
    public int bitsAt(int entry) {
        return bitsAt[entry];
    }

    /** The partial tiles' bits (shared, do not modify). */
    long[] bits() {
        return bits;
    }

    /** The partial tiles' bits column by column, at the offsets of {@link #bits()} (shared, do not modify). */
    long[] columnBits() {
        return columnBits;
    }

    /** Tiles computed (full and partial). */
    public int tiles() {
        return keyBlock.length;
    }

    /** Tiles a dense computation of this n and causal flag would compute: the denominator of the fraction c. */
    public long denseTiles() {
        long b = blocks();
        return causal ? b * (b + 1) / 2 : b * b;
    }

    /** (query, key) pairs inside the computed tiles: what the kernels multiply. */
    public long computedPairs() {
        return computedPairs;
    }

    /** (query, key) pairs the mask covers (before padding). */
    public long coveredPairs() {
        return coveredPairs;
    }

    /**
     * Whether an entry is a boxed partial tile: the engine computes only rows {@code [boxRowFrom,
     * boxRowTo)} and columns {@code [boxColFrom, boxColTo)} of it (tile-local), where all its visible pairs lie.
     */
    public boolean boxed(int entry) {
        int at = bitsAt[entry];
        return at != FULL && boxes[box(at) + 4] == 1;
    }

    /** First tile-local row of a partial entry's box. */
    public int boxRowFrom(int entry) {
        return boxes[box(bitsAt[entry])];
    }

    /** End tile-local row of a partial entry's box. */
    public int boxRowTo(int entry) {
        return boxes[box(bitsAt[entry]) + 1];
    }

    /** First tile-local column of a partial entry's box. */
    public int boxColFrom(int entry) {
        return boxes[box(bitsAt[entry]) + 2];
    }

    /** End tile-local column of a partial entry's box. */
    public int boxColTo(int entry) {
        return boxes[box(bitsAt[entry]) + 3];
    }

    /** Index in {@link #boxes} of the partial tile whose bits start at {@code at}. */
    private int box(int at) {
        return 5 * (at / (block * words));
    }

    /** Bytes this map holds: its share of an instance's scratch. */
    public long bytes() {
        return 4L * (rowStart.length + 2L * keyBlock.length + boxes.length) + 8L * (bits.length + columnBits.length);
    }

    private static IllegalArgumentException tooLarge(Mask mask, int n, int block, long limit) {
        return new IllegalArgumentException("the block map of mask " + mask + " at n = " + n + " (tiles of " + block
                + ") outgrows its limit of " + (limit >> 20) + " MB (a quarter of the heap, at most what Java arrays"
                + " hold): use a larger block size or a smaller n");
    }

    /**
     * Bytes one row of tiles takes in the map, at least: 8 per tile the mask may keep (its bits are left out, as a
     * mask that cannot tell a tile cheaply calls every tile partial, and refining may empty them).
     */
    private static long rowBytes(Mask mask, int n, boolean causal, int block, int qb) {
        int blocks = blockCount(n, block);
        int i0 = qb * block;
        int i1 = Math.min(n, i0 + block);
        long bytes = 0;
        for (int kb = 0, last = causal ? qb : blocks - 1; kb <= last; kb++) {
            int j0 = kb * block;
            int j1 = Math.min(n, j0 + block);
            TileKind kind = mask.tile(i0, i1, j0, j1, n, causal);
            if (causal) {
                kind = kind.and(Masks.causalTile(i0, i1, j0, j1));
            }
            bytes += kind == TileKind.EMPTY ? 0 : 8;
        }
        return bytes;
    }

    /** The most entries a growable list below holds (the largest Java array, with the VM's header room). */
    private static final int MAX_ENTRIES = Integer.MAX_VALUE - 8;

    /** A growable int array (the map is built once per (mask, n, causal)). */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, (int) Math.min(MAX_ENTRIES, 2L * size));
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** A growable long array. */
    private static final class LongList {
        private long[] values = new long[64];
        private int size;

        void addAll(long[] more) {
            while (size + more.length > values.length) {
                values = java.util.Arrays.copyOf(values, (int) Math.min(MAX_ENTRIES, 2L * values.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
