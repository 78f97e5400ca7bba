package org.attentionlab.runners.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.attentionlab.runners.memory.MemoryBudget;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code attnlab} command line: {@code plugins}, {@code validate}, {@code run}, {@code compare}. */
@Command(name = "attnlab", mixinStandardHelpOptions = true, version = "attention-lab 0.1.0",
        description = "Swap the attention of a trained transformer for a cheaper variant; measure accuracy lost and cost saved as the context grows.",
        subcommands = {RunCommand.class, CompareCommand.class, ReportCommand.class, ExplainCommand.class, HistoryCommand.class, ValidateCommand.class, PluginsCommand.class, CommandLine.HelpCommand.class})
public final class AttnLab implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(out, err, args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new AttnLab());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ExitCodes.Handler());
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Errors through: a heap too small for even the model (e.g. ATTNLAB_JAVA_OPTS=-Xmx64m) ends
            // here, not in a stack trace; it is bad input (exit 2), not a gate failure (exit 1)
            err.println("error: out of memory with a Java heap of " + MemoryBudget.bytes(Runtime.getRuntime().maxMemory())
                    + "; give it more with ATTNLAB_JAVA_OPTS=-Xmx<size>, or leave -Xmx out: ./attnlab gives the JVM 75% of the machine's memory");
            code = ExitCodes.BAD_INPUT;
        }
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
