package org.attentionlab.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every external plugin's class loader: it shows a plugin the Java platform and the plugin API
 * (core-api's packages, Guice, Jackson) from the core's class loader, and nothing else of the core's class
 * path. So a plugin's own libraries are never shadowed by a different version the runners happen to carry,
 * the core never sees a plugin's libraries, and two plugins may bring two versions of one library. The same
 * filter hides the core's resources, so {@link java.util.ServiceLoader} on a plugin's loader finds that
 * plugin's modules only.
 */
final class ApiOnlyClassLoader extends ClassLoader {

    /** Class-name prefixes a plugin may see from the core: the platform, core-api and what its types expose. */
    private static final List<String> SHARED = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.attentionlab.core.attention.", "org.attentionlab.core.plugin.", "org.attentionlab.core.tensor.",
            "org.attentionlab.core.error.", "org.attentionlab.core.mask.", "org.attentionlab.core.sparse.",
            "com.google.inject.", "com.google.common.", "jakarta.inject.", "org.aopalliance.",
            "com.fasterxml.jackson.");

    private final ClassLoader core;

    ApiOnlyClassLoader(ClassLoader core) {
        super("attnlab-plugin-api", null);
        this.core = core;
    }

    static boolean shared(String className) {
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!shared(name)) {
            throw new ClassNotFoundException(name);
        }
        return core.loadClass(name);
    }

    @Override
    public URL getResource(String name) {
        return sharedResource(name) ? core.getResource(name) : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return sharedResource(name) ? core.getResources(name) : Collections.emptyEnumeration();
    }

    /** A class file or resource inside a shared package (never META-INF, so never the core's services). */
    private static boolean sharedResource(String name) {
        return !name.startsWith("META-INF/") && shared(name.replace('/', '.'));
    }
}
