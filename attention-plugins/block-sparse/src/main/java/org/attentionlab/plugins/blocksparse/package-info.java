/**
 * The {@code block-sparse} attention plugin: BigBird-style softmax attention over blocks of keys (a window
 * of blocks around the query's, global blocks and seeded random blocks), a training-free approximation.
 * Found by the registry through its Guice module; users select it in YAML, and nothing else names these
 * classes.
 */
package org.attentionlab.plugins.blocksparse;
