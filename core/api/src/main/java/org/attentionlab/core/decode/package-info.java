/**
 * Token-by-token decoding for causal decoders: the key/value cache ({@link
 * org.attentionlab.core.decode.KvCache}, contiguous rows per key/value head, slots reused as keys are
 * evicted, so a window's cache stays the size of its band) and the decode state of every variant that is a
 * mask ({@link org.attentionlab.core.decode.MaskedDecodeState}: full attention keeps every key; a window, its
 * band; {@code window(w) | sinks(s)}, s + w + 1 keys; any other mask, the keys a later query may still see).
 * Plugins with their own cache policy (heavy-hitter eviction, top-k, linear attention's running sums) build
 * on the same cache and on {@link org.attentionlab.core.tensor.DecodeKernels}. Not extension points: the
 * stable contract is {@link org.attentionlab.core.attention.DecodeState}.
 */
package org.attentionlab.core.decode;
