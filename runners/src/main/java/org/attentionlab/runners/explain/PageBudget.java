package org.attentionlab.runners.explain;

import org.attentionlab.core.error.UserFacingException;

/**
 * How many weights of each attention row {@code attention.html} keeps so that it stays under {@link #PAGE_BYTES}.
 * Every row (one query of one head of one layer) keeps the same number of slots: the keys with the largest weight
 * in any of the maps drawn (the reference and each variant), each map's weight at those keys in 8 bits, and
 * per map the row's quantisation range and the mass of the keys not kept. In the page the binary rows are
 * base64 text: 4 characters per 3 bytes.
 */
public final class PageBudget {

    /** The page's size limit, in bytes (8 MB). */
    public static final long PAGE_BYTES = 8_000_000;
    /**
     * Rows keep at most this many keys: past it the page grows without showing more (a key past the 64th of a row
     * holds little weight, and its mass is still in the row's rest).
     */
    public static final int MAX_SLOTS = 64;
    /** Fewer kept weights per row than this would hide too much of a row: such a page is refused. */
    public static final int MIN_SLOTS = 8;
    /** Bytes the page needs besides the rows, when its metadata is not known yet (code, tokens, figures, masks). */
    static final long DEFAULT_RESERVE = 600_000;
    /** Per row: the count of kept keys (2 bytes). */
    static final int ROW_BYTES = 2;
    /** Per row and map: the quantisation range (lo, hi) and the rest, three 4-byte floats. */
    static final int ROW_MAP_BYTES = 12;
    /** Per slot: the key (2 bytes), then one byte per map. */
    static final int SLOT_KEY_BYTES = 2;

    private PageBudget() {
    }

    /**
     * Slots per row for {@code maps} maps of {@code layers x heads x n} rows when {@code reserved} bytes of the
     * page are taken by other things; at most n (a row never has more keys) and {@link #MAX_SLOTS}.
     */
    public static int slots(int n, int layers, int heads, int maps, long reserved) {
        long rows = (long) layers * heads * n;
        long raw = (PAGE_BYTES - reserved) * 3 / 4; // base64
        long perRow = raw / rows - ROW_BYTES - (long) ROW_MAP_BYTES * maps;
        long slots = perRow / (SLOT_KEY_BYTES + maps);
        return (int) Math.max(0, Math.min(Math.min(n, MAX_SLOTS), slots));
    }

    /** Bytes of the binary rows (before base64) with {@code slots} slots per row. */
    public static long rowBytes(int n, int layers, int heads, int maps, int slots) {
        long rows = (long) layers * heads * n;
        return rows * (ROW_BYTES + (long) ROW_MAP_BYTES * maps + (long) slots * (SLOT_KEY_BYTES + maps));
    }

    /**
     * Refuses, in one line that says what to pass instead, a size whose page would keep fewer than
     * {@link #MIN_SLOTS} weights per row: {@code variants} variants beside the reference.
     */
    static void check(int n, int layers, int heads, int variants) {
        int maps = 1 + variants;
        int slots = slots(n, layers, heads, maps, DEFAULT_RESERVE);
        if (slots >= Math.min(n, MIN_SLOTS)) {
            return;
        }
        int largestN = n;
        while (largestN > 2 && slots(largestN, layers, heads, maps, DEFAULT_RESERVE) < Math.min(largestN, MIN_SLOTS)) {
            largestN--;
        }
        int fewer = variants;
        while (fewer > 0 && slots(n, layers, heads, 1 + fewer, DEFAULT_RESERVE) < MIN_SLOTS) {
            fewer--;
        }
        String instead = "pass --n " + largestN + " or less" + (fewer > 0 && fewer < variants
                ? ", or at most " + fewer + " label" + (fewer == 1 ? "" : "s") + " in --variants" : "");
        throw new UserFacingException("attention.html at n=" + n + " (" + layers + " layers x " + heads + " heads, the reference and "
                + variants + " variant" + (variants == 1 ? "" : "s") + ") would keep " + slots + " weights per attention row to stay under "
                + PAGE_BYTES / 1_000_000 + " MB, fewer than " + MIN_SLOTS + "; " + instead);
    }
}
