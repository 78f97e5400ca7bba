package org.attentionlab.core.error;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * A failure caused by what the user wrote or pointed at (a config, a parameter, a model file, a run folder),
 * whose message is the one line the user sees. Any layer throws it: a plugin rejecting its parameters, the
 * model rejecting an export, the runners rejecting a run folder. The command line prints
 * {@code error: <message>} and exits with {@link #exitCode()}, never with a stack trace.
 *
 * <p>Anything else that escapes a command is a bug, reported as an unexpected failure.
 */
@ExtensionPoint
public class UserFacingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The exit code of bad input: a config, parameter, file or folder that cannot be used. */
    public static final int BAD_INPUT = 2;

    private final int exitCode;

    /**
     * A bad-input error (exit code {@link #BAD_INPUT}).
     *
     * @param message one line for the user, saying what is wrong and, where it helps, what is allowed
     */
    public UserFacingException(String message) {
        this(message, null);
    }

    /**
     * A bad-input error (exit code {@link #BAD_INPUT}) with the failure that revealed it.
     *
     * @param message one line for the user
     * @param cause   the underlying failure, kept for debugging; never shown instead of the message
     */
    public UserFacingException(String message, Throwable cause) {
        this(message, cause, BAD_INPUT);
    }

    /**
     * An error with its own exit code.
     *
     * @param message  one line for the user
     * @param cause    the underlying failure, or null
     * @param exitCode the process exit code the command line ends with
     */
    protected UserFacingException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code the command line ends with when this error stops a command. */
    public int exitCode() {
        return exitCode;
    }
}
