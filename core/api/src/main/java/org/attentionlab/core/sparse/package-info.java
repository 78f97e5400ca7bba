/**
 * The block-sparse attention engine: any {@link org.attentionlab.core.mask.Mask} becomes a map of tiles
 * ({@link org.attentionlab.core.sparse.BlockMap}: empty, full or partial), and
 * {@link org.attentionlab.core.sparse.BlockSparseAttention} computes exact softmax attention over the
 * covered pairs with the register-tiled kernels of {@code org.attentionlab.core.tensor}, an online softmax
 * across spans of key tiles, and scratch linear in n. Sliding-window, block-sparse, full's tiled algorithm
 * and the {@code masked} plugin are thin definitions over it.
 */
package org.attentionlab.core.sparse;
