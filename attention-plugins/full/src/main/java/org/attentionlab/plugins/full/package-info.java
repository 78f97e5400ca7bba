/**
 * The {@code full} attention plugin: exact softmax attention over all keys, the baseline every other
 * variant is compared with, either materialized (the n x n score matrix per head) or tiled (online softmax
 * over key blocks, scratch linear in n). Found by the registry through its Guice module; the benchmarks
 * also use its factory directly.
 */
package org.attentionlab.plugins.full;
