/**
 * The one user-facing error type, {@link org.attentionlab.core.error.UserFacingException}: thrown by plugins,
 * the model and the runners alike when the user's input cannot be used, and turned by the command line into
 * one line and an exit code. Every exception meant for the user extends it.
 */
package org.attentionlab.core.error;
