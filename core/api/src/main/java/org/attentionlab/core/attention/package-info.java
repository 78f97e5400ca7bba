/**
 * The plugin API's attention contract: what one layer's attention receives ({@link
 * org.attentionlab.core.attention.AttentionInput}, per-head {@code n x dHead} row-major buffers, a key
 * mask and a causal flag), what it must write ({@link org.attentionlab.core.attention.Attention#forward}),
 * and how it describes its cost, its sparsity pattern and how exact it is. Plugin authors implement
 * {@link org.attentionlab.core.attention.Attention}; the model and the runners call it. The types marked
 * {@link org.attentionlab.core.plugin.ExtensionPoint} here are stable for plugins.
 */
package org.attentionlab.core.attention;
