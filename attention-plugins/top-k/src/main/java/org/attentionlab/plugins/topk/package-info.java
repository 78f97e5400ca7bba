/**
 * The {@code top-k} attention plugin: each query keeps its k largest exact scores and takes the softmax
 * over those only, a training-free approximation. Found by the registry through its Guice module; users
 * select it in YAML.
 */
package org.attentionlab.plugins.topk;
