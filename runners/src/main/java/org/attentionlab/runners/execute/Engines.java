package org.attentionlab.runners.execute;

import java.util.ServiceLoader;
import org.attentionlab.core.error.UserFacingException;

/** Finds an {@link ExecutionEngine} on the classpath by name. */
public final class Engines {

    private Engines() {
    }

    /** The engine called {@code name}, or a one-line error (exit 2) saying how to put it on the classpath. */
    public static ExecutionEngine find(String name) {
        for (ExecutionEngine engine : ServiceLoader.load(ExecutionEngine.class)) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        throw new UserFacingException("engine '" + name + "' is not on the classpath: run through ./attnlab (which adds the cluster module"
                + " for --engine " + name + ") or spark-submit cluster/target/attnlab-cluster.jar");
    }
}
