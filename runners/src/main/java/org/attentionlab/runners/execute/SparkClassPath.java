package org.attentionlab.runners.execute;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.core.error.UserFacingException;

/**
 * Puts the Spark engine (the cluster module and Spark's jars) on the class path when a run asks for it, and
 * only then: the engine is decided here, from the resolved config and command line, not by the launcher.
 * The first time, the cluster module is built ({@code mvn -pl cluster -am package}, which downloads Spark);
 * a local run never builds or loads it. Under spark-submit the engine is on the class path already and this
 * class is not used.
 */
final class SparkClassPath {

    /** The README's command for the jar a cluster runs through spark-submit. */
    static final String CLUSTER_JAR_COMMAND = "mvn -B -DskipTests -Pcluster-jar package";
    static final List<String> BUILD = List.of("mvn", "-B", "-q", "-DskipTests", "-pl", "cluster", "-am", "package");

    private SparkClassPath() {
    }

    /**
     * A class loader over the cluster module's jar and its class path, child of this one; builds the module
     * first when it has not been built.
     *
     * @throws UserFacingException when not run through ./attnlab (no {@code attnlab.home}), or the build fails
     */
    static ClassLoader load() {
        String home = System.getProperty("attnlab.home");
        if (home == null) {
            throw new UserFacingException("engine 'spark' is not on the classpath: run through ./attnlab, or submit"
                    + " cluster/target/attnlab-cluster.jar with spark-submit (build it with " + CLUSTER_JAR_COMMAND + ")");
        }
        Path target = Path.of(home, "cluster", "target");
        Path jar = target.resolve("attnlab-cluster-thin.jar");
        Path classpath = target.resolve("classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpath)) {
            build(Path.of(home));
        }
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(jar.toUri().toURL());
            for (String entry : Files.readString(classpath, StandardCharsets.UTF_8).strip().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    urls.add(Path.of(entry).toUri().toURL());
                }
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot read the Spark engine's class path " + classpath + " (" + e.getMessage()
                    + "); rebuild it with: " + String.join(" ", BUILD));
        }
        return new URLClassLoader("spark-engine", urls.toArray(URL[]::new), SparkClassPath.class.getClassLoader());
    }

    /** Builds the cluster module, its progress on stderr (stdout stays the run's). */
    private static void build(Path home) {
        System.err.println("attnlab: building the Spark engine, first use (" + String.join(" ", BUILD) + ")...");
        int code;
        try {
            Process p = new ProcessBuilder(BUILD).directory(home.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            p.getInputStream().transferTo(System.err);
            code = p.waitFor();
        } catch (IOException e) {
            throw new UserFacingException("cannot build the Spark engine (" + e.getMessage() + "); build it with: "
                    + String.join(" ", BUILD));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while building the Spark engine");
        }
        if (code != 0) {
            throw new UserFacingException("building the Spark engine failed (" + String.join(" ", BUILD) + " exited " + code + ")");
        }
    }
}
