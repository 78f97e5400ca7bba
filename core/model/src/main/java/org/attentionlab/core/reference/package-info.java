/**
 * The yardstick: ONNX Runtime running the original ONNX export on the same token ids, so the runners can
 * measure how far a Java forward with a swapped attention is from the trained model, and how its latency
 * compares. For the runners and the benchmarks; not part of the plugin API.
 */
package org.attentionlab.core.reference;
