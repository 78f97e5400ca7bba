package org.attentionlab.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.config.ExecutionSpec;
import org.attentionlab.runners.config.ExperimentConfig;

/**
 * The Spark configuration of a run. Fixed: speculation off (a second copy of a task would time a cell
 * twice, on a loaded machine), {@code spark.task.cpus} = {@code measure.threads}, the executors' JVM
 * flags for the Vector API. Defaults a user may override with {@code -Dspark.*} or spark-submit: no web
 * UI, and the driver bound to 127.0.0.1 when the master is local or on this machine.
 */
final class SparkSettings {

    /** How long a master gets to answer, and a cluster to give the first executor. */
    static final int ANSWER_SECONDS = Integer.getInteger("attnlab.spark.answerSeconds", 30);

    /** The README's command that builds attnlab-cluster.jar. */
    static final String CLUSTER_JAR_COMMAND = "mvn -B -DskipTests -Pcluster-jar package";

    private SparkSettings() {
    }

    /**
     * For {@code yarn} and {@code k8s://} masters, checks that Spark can reach that cluster manager from this
     * JVM, as spark-submit's class path provides (spark-yarn, spark-kubernetes); {@code ./attnlab} carries
     * neither, and Spark would fail only once the run folder exists, with "Could not parse Master URL".
     *
     * @throws UserFacingException in one line saying how to submit the run instead
     */
    static void checkClusterManager(String master) {
        boolean yarn = master.equals("yarn");
        if (!yarn && !master.startsWith("k8s://")) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ExternalClusterManager manager : ServiceLoader.load(ExternalClusterManager.class, loader != null ? loader : SparkConf.class.getClassLoader())) {
            if (manager.canCreate(master)) {
                return;
            }
        }
        throw new UserFacingException("master " + master + " needs Spark's " + (yarn ? "YARN" : "Kubernetes")
                + " support, which ./attnlab does not carry: submit cluster/target/attnlab-cluster.jar with spark-submit --master "
                + master + " (build the jar with " + CLUSTER_JAR_COMMAND + "; see the README's Spark section)");
    }

    static SparkConf conf(ExperimentConfig config) {
        return conf(config, List.of());
    }

    /** The run's conf; {@code pluginJars} are shipped to executors off this machine with {@code spark.files}. */
    static SparkConf conf(ExperimentConfig config, List<PluginJar> pluginJars) {
        ExecutionSpec execution = config.execution();
        String master = execution.master();
        SparkConf conf = new SparkConf(true)
                .setMaster(master)
                .setAppName("attnlab " + config.name())
                .set("spark.speculation", "false")
                .set("spark.task.cpus", Integer.toString(config.measure().threads()))
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector -Xss4m")
                .setIfMissing("spark.driver.extraJavaOptions", "--add-modules jdk.incubator.vector -Xss4m");
        if (onThisMachine(master)) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!isLocal(master) && !conf.contains("spark.jars")) {
            // attnlab run --master spark://... (not spark-submit): the executors fetch the project from the driver.
            Path jar = Path.of(System.getProperty("attnlab.home", "."), "cluster", "target", "attnlab-cluster.jar");
            if (!Files.isRegularFile(jar)) {
                throw new UserFacingException("engine spark on " + master + " ships " + jar + " to the executors, and it is missing: build it with "
                        + CLUSTER_JAR_COMMAND);
            }
            conf.set("spark.jars", jar.toAbsolutePath().toString());
        }
        if (!isLocal(master) && !pluginJars.isEmpty()) {
            List<String> files = new ArrayList<>();
            String given = conf.get("spark.files", "");
            if (!given.isBlank()) {
                files.add(given);
            }
            pluginJars.forEach(j -> files.add(j.path()));
            conf.set("spark.files", String.join(",", files));
        }
        return conf;
    }

    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    private static boolean onThisMachine(String master) {
        return isLocal(master) || master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:");
    }

    /**
     * For a standalone master, checks that each {@code host:port} accepts a connection within
     * {@link #ANSWER_SECONDS}: Spark itself retries for minutes before giving up.
     */
    static void checkMasterAnswers(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), ANSWER_SECONDS * 1000);
            } catch (IOException e) {
                throw new UserFacingException("the Spark master " + master + " did not answer within " + ANSWER_SECONDS + " s ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
    }
}
