package org.attentionlab.runners.execute;

import java.util.ServiceLoader;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.config.ExecutionSpec;

/** Finds an {@link ExecutionEngine} on the classpath by name. */
public final class Engines {

    private Engines() {
    }

    /**
     * The engine called {@code name}: from the class path, else (spark) from the cluster module, which is put
     * on the class path now and built first if needed (see {@link SparkClassPath}); or a one-line error (exit 2).
     */
    public static ExecutionEngine find(String name) {
        ExecutionEngine found = find(name, ServiceLoader.load(ExecutionEngine.class));
        if (found == null && ExecutionSpec.SPARK.equals(name)) {
            ClassLoader spark = SparkClassPath.load();
            found = find(name, ServiceLoader.load(ExecutionEngine.class, spark));
            if (found != null) {
                // Spark loads classes (its own, the tasks') through the context class loader of the threads it starts
                Thread.currentThread().setContextClassLoader(spark);
            }
        }
        if (found == null) {
            throw new UserFacingException("engine '" + name + "' is not on the classpath: run through ./attnlab, or submit"
                    + " cluster/target/attnlab-cluster.jar with spark-submit (build it with " + SparkClassPath.CLUSTER_JAR_COMMAND + ")");
        }
        return found;
    }

    private static ExecutionEngine find(String name, ServiceLoader<ExecutionEngine> engines) {
        for (ExecutionEngine engine : engines) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        return null;
    }
}
