package org.attentionlab.runners.cli;

import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.plugin.PluginLoadException;
import org.attentionlab.core.plugin.UnknownVariantException;
import org.attentionlab.core.text.CorpusException;
import org.attentionlab.runners.config.ConfigException;
import picocli.CommandLine;

/**
 * Exit codes: 0 success; 1 the job ran and found a problem (a failed correctness gate, a regression);
 * 2 bad input (one line on stderr, no stack trace); 70 an unexpected failure, a bug.
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int PROBLEM_FOUND = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }

    /** True for the exceptions that carry a message for the user about their input. */
    static boolean isUserError(Throwable e) {
        return e instanceof ConfigException
                || e instanceof UserInputException
                || e instanceof InvalidParamsException
                || e instanceof UnknownVariantException
                || e instanceof PluginLoadException
                || e instanceof ModelLoadException
                || e instanceof CorpusException;
    }

    static final class Handler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
            if (isUserError(e)) {
                cli.getErr().println("error: " + oneLine(e.getMessage()));
                return BAD_INPUT;
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
