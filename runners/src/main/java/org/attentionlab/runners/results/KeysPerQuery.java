package org.attentionlab.runners.results;

/**
 * How many keys each query attends to in a cell, counted from the variant's pattern ({@code Attention.pattern()}:
 * the (query, key) pairs it can give weight to) at the cell's context size, so that a reader comparing
 * {@code sliding-window { window: 16 }} (17 keys) with the mask {@code window(16)} (33 keys) need not work it out.
 * A variant without a pattern (full, linear, Nystrom, Linformer, top-k, which scores every key) counts every key
 * its input lets it see. Over the layers of a model the mean is the mean of the layers' means, the max the largest.
 *
 * @param mean mean over queries (and layers) of the keys a query attends to
 * @param max  the most keys any query attends to
 */
public record KeysPerQuery(double mean, int max) {
}
