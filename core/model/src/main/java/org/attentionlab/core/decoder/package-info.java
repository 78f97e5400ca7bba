/**
 * Causal language models read from their ONNX exports (GPT-2 and Llama families, found by walking the
 * graph), the Java decoder that runs them on the shared GEMM kernels with attention through the plugins,
 * KV-cache decoding, and the seeded synthetic GPT-2 export the quickstart runs on.
 */
package org.attentionlab.core.decoder;
