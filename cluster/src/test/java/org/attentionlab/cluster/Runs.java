package org.attentionlab.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.attentionlab.runners.cli.AttnLab;

/** Runs the command line in-process and keeps what it printed; finds run folders. */
record Runs(int code, String out, String err) {

    static Runs attnlab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AttnLab.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Runs(code, out.toString(), err.toString());
    }

    /** Writes {@code name.yaml} under {@code dir} with OUT replaced by {@code dir/out-name}. */
    static Path config(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\n" + body.replace("OUT", dir.resolve("out-" + name).toString()));
        return file;
    }

    /**
     * The command that runs {@code attnlab ARGS} in a JVM of its own, with this JVM's module, system-property
     * and stack flags and its class path, and {@code extraFlags} (a heap size, a property).
     */
    static List<String> ownJvm(List<String> extraFlags, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("-Xss")) {
                command.add(arg);
            }
        }
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(AttnLab.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    static Path onlyRunFolder(Path output) throws IOException {
        try (Stream<Path> s = Files.list(output)) {
            List<Path> runs = s.toList();
            if (runs.size() != 1) {
                throw new AssertionError("expected one run folder in " + output + ", found " + runs);
            }
            return runs.get(0);
        }
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
