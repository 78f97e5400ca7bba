package org.attentionlab.runners.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.tensor.VectorInfo;
import org.attentionlab.runners.results.Environment;

/** Reads the facts of the machine a run records. */
public final class EnvironmentProbe {

    private EnvironmentProbe() {
    }

    public static Environment probe(int threads) {
        return new Environment(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
                cpuModel(), Runtime.getRuntime().availableProcessors(), threads, onnxRuntimeVersion(), VectorInfo.describe(), gitCommit());
    }


    private static String onnxRuntimeVersion() {
        try {
            return OnnxReference.runtimeVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unavailable";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** The commit of the checkout the launcher runs from ({@code attnlab.home}), with -dirty if modified. */
    static String gitCommit() {
        String home = System.getProperty("attnlab.home");
        if (home == null || !Files.exists(Path.of(home, ".git"))) { // a folder, or a file in a git worktree
            return null;
        }
        try {
            Process p = new ProcessBuilder("git", "-C", home, "describe", "--always", "--dirty", "--abbrev=12")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
