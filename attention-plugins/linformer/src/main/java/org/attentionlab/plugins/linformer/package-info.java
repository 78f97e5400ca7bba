/**
 * The {@code linformer} attention plugin: keys and values projected along the sequence to k rows, with a
 * seeded random projection standing in for the learned one (so it needs fine-tuning). Found by the
 * registry through its Guice module; users select it in YAML.
 */
package org.attentionlab.plugins.linformer;
