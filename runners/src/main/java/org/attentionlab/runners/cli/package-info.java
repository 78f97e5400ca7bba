/**
 * The command line on top of the four stages ({@code attnlab run | compare | report | validate | plugins}):
 * {@link org.attentionlab.runners.cli.ExperimentRun} chains plan, execute, record and report for a run, and
 * {@link org.attentionlab.runners.cli.ExitCodes} turns a {@link org.attentionlab.core.error.UserFacingException}
 * from any layer into one line and its exit code.
 */
package org.attentionlab.runners.cli;
