/**
 * Shared data, below the four stages: the experiment file as the user writes it ({@link
 * org.attentionlab.runners.config.ExperimentConfig} and its specs), read by {@link
 * org.attentionlab.runners.config.ConfigLoader} with file:line:column errors, resolved by {@link
 * org.attentionlab.runners.config.ConfigValidator} (every default filled, every variant's params completed by
 * its plugin) and checked against the loaded model by {@link org.attentionlab.runners.config.ModelChecks}. Imports
 * no other runners package.
 */
package org.attentionlab.runners.config;
