/**
 * The plugin API's numeric kernels, written with the incubating Vector API: the attention kernels a plugin
 * builds on, per-head and per-thread scratch, the shared thread pool ({@link
 * org.attentionlab.core.tensor.Parallel}), and the dense layers the model runs (GEMM, LayerNorm, GELU, the
 * head split and merge). Arrays are float and row-major throughout; a per-head buffer holds {@code n x d}
 * values, a merged one {@code n x (heads * d)}. Plugins may rely on the types marked {@link
 * org.attentionlab.core.plugin.ExtensionPoint}; the dense-layer kernels serve core-model and may change.
 */
package org.attentionlab.core.tensor;
