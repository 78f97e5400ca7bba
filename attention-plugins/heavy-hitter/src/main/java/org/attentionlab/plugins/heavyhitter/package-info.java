/**
 * The {@code heavy-hitter} attention plugin (H2O, Zhang et al. 2023): a causal decoder's key/value cache
 * holds the most recent keys and the keys with the largest accumulated attention, and its forward over n
 * tokens gives each query exactly the keys that cache would hold at that query's step, so forward and
 * decoding agree. Causal only. Found by the registry through its Guice module; users select it in YAML.
 */
package org.attentionlab.plugins.heavyhitter;
