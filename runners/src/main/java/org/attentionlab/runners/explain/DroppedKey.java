package org.attentionlab.runners.explain;

/**
 * A key whose attention mass a variant dropped: the reference's weight minus the variant's where it is
 * larger, summed over heads (and over layers for the whole model), mean over queries.
 *
 * @param key   the key's position, 0-based
 * @param token the key's token
 * @param mass  the mass dropped, in query rows' mass summed over heads (12 heads that each moved all of
 *              their weight off this key give 12)
 */
public record DroppedKey(int key, String token, double mass) {
}
