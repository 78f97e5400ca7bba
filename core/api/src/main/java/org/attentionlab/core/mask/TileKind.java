package org.attentionlab.core.mask;

/** What a mask says about a rectangle of (query, key) pairs: none covered, all covered, or some. */
public enum TileKind {
    /** No pair is covered: the engine never touches the tile. */
    EMPTY,
    /** Every pair is covered: the engine runs the dense kernels without looking at the mask. */
    FULL,
    /** Some pairs are covered (or the mask cannot tell cheaply): the engine applies the mask per element. */
    PARTIAL;

    /** The kind of {@code a | b}. */
    public TileKind or(TileKind other) {
        if (this == FULL || other == FULL) {
            return FULL;
        }
        return this == EMPTY && other == EMPTY ? EMPTY : PARTIAL;
    }

    /** The kind of {@code a & b}. */
    public TileKind and(TileKind other) {
        if (this == EMPTY || other == EMPTY) {
            return EMPTY;
        }
        return this == FULL && other == FULL ? FULL : PARTIAL;
    }

    /** The kind of {@code !a}. */
    public TileKind not() {
        return switch (this) {
            case EMPTY -> FULL;
            case FULL -> EMPTY;
            case PARTIAL -> PARTIAL;
        };
    }
}
