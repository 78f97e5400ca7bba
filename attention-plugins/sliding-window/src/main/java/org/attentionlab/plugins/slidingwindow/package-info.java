/**
 * The {@code sliding-window} attention plugin: softmax over a band of keys around each query, with
 * optional global tokens (Longformer), attention sinks (StreamingLLM) and dilation, a training-free
 * approximation whose pattern the diagnostics measure. Found by the registry through its Guice module;
 * users select it in YAML.
 */
package org.attentionlab.plugins.slidingwindow;
