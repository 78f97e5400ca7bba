package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command line in-process and keeps what it printed; finds the run folders it wrote. */
final class Cli {

    final int code;
    final String out;
    final String err;

    private Cli(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AttnLab.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Runs {@code run} with the progress bar off. */
    static Cli sweep(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "run";
        all[1] = "--no-progress";
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    /** The one run folder under {@code output}; fails the test when there are none or several. */
    static Path onlyRunFolder(Path output) throws IOException {
        List<Path> runs = runFolders(output);
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    /** The newest run folder under {@code output} (run folders are named by their start time). */
    static Path latestRunFolder(Path output) throws IOException {
        List<Path> runs = runFolders(output);
        return runs.get(runs.size() - 1);
    }

    private static List<Path> runFolders(Path output) throws IOException {
        try (Stream<Path> s = Files.list(output)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
