/**
 * The {@code nystrom} attention plugin: Nystromformer's approximation of softmax attention through m
 * segment-mean landmarks and an iterative pseudo-inverse, a training-free approximation. Found by the
 * registry through its Guice module; users select it in YAML.
 */
package org.attentionlab.plugins.nystrom;
