/**
 * The {@code masked} attention plugin: any mask expression and score modifiers written in the experiment file
 * (core-api's {@code MaskGrammar}), run exactly on core-api's block-sparse engine.
 */
package org.attentionlab.plugins.masked;
