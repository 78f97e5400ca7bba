package org.attentionlab.runners.cli;

import org.attentionlab.core.error.UserFacingException;
import picocli.CommandLine;

/**
 * Exit codes: 0 success; 1 the job ran and found a problem (a failed correctness gate, a regression);
 * 2 bad input (one line on stderr, no stack trace); 3 a run finished with failed cells; 70 an unexpected
 * failure, a bug. Every error meant for
 * the user is a {@link UserFacingException}, whatever layer threw it, and carries its own exit code.
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int PROBLEM_FOUND = 1;
    public static final int BAD_INPUT = UserFacingException.BAD_INPUT;
    /** The run finished but at least one cell failed (named in the summary): its figures are missing. */
    public static final int CELLS_FAILED = 3;
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }

    static final class Handler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
            if (e instanceof UserFacingException user) {
                cli.getErr().println("error: " + oneLine(user.getMessage()));
                return user.exitCode();
            }
            cli.getErr().println("error: unexpected failure: " + oneLine(String.valueOf(e))
                    + (debug() ? "" : " (set ATTNLAB_DEBUG=1 for the stack trace)"));
            if (debug()) {
                e.printStackTrace(cli.getErr());
            }
            return INTERNAL;
        }
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }

    private static boolean debug() {
        return "1".equals(System.getenv("ATTNLAB_DEBUG"));
    }
}
