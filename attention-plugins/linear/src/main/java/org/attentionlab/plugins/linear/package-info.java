/**
 * The {@code linear} attention plugin: kernelised attention with an elu+1, relu or FAVOR+ (Performer
 * random features) feature map, linear in n and never holding an n x n matrix; it needs fine-tuning in a
 * trained model. Found by the registry through its Guice module; users select it in YAML.
 */
package org.attentionlab.plugins.linear;
