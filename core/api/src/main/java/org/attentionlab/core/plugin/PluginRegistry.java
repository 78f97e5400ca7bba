package org.attentionlab.core.plugin;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every attention plugin on the classpath, found with ServiceLoader and assembled by Guice into one map from
 * name to factory. Immutable once loaded, so one registry may serve several threads. Used by the runners;
 * plugins never call it.
 */
public final class PluginRegistry {

    private static final Key<Map<String, AttentionFactory>> FACTORIES = Key.get(new TypeLiteral<>() { });

    private final Map<String, AttentionFactory> factories;

    private PluginRegistry(Map<String, AttentionFactory> factories) {
        this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
    }

    /**
     * The plugins listed under {@code META-INF/services} on the context class loader's classpath.
     *
     * @throws PluginLoadException when two plugins claim one name, a plugin's name differs from its
     *                             factory's {@code info().name()}, or Guice cannot build one
     */
    public static PluginRegistry load() {
        List<AttentionPluginModule> modules = new ArrayList<>();
        ServiceLoader.load(AttentionPluginModule.class).forEach(modules::add);
        return of(modules);
    }

    /**
     * The registry made of exactly these modules (tests use it to inject their own).
     *
     * @throws PluginLoadException as {@link #load()} does
     */
    public static PluginRegistry of(List<? extends Module> modules) {
        checkNamesUnique(modules);
        Injector injector = create(modules);
        Map<String, AttentionFactory> map = injector.getExistingBinding(FACTORIES) == null
                ? Map.of() : injector.getInstance(FACTORIES);
        for (Map.Entry<String, AttentionFactory> e : map.entrySet()) {
            if (!e.getKey().equals(e.getValue().info().name())) {
                throw new PluginLoadException("plugin registered as '" + e.getKey() + "' describes itself as '"
                        + e.getValue().info().name() + "' (" + e.getValue().getClass().getName() + ")");
            }
        }
        return new PluginRegistry(map);
    }

    /**
     * Guice would refuse a duplicated map key too, but with a long report; one injector per module tells
     * which two plugins claim the name, and the user gets one line naming both.
     */
    private static void checkNamesUnique(List<? extends Module> modules) {
        Map<String, Module> owner = new TreeMap<>();
        for (Module module : modules) {
            Injector single = create(List.of(module));
            if (single.getExistingBinding(FACTORIES) == null) {
                continue;
            }
            for (String name : single.getInstance(FACTORIES).keySet()) {
                Module previous = owner.putIfAbsent(name, module);
                if (previous != null) {
                    throw new PluginLoadException("attention plugin name '" + name + "' is claimed by both "
                            + previous.getClass().getName() + " and " + module.getClass().getName());
                }
            }
        }
    }

    private static Injector create(List<? extends Module> modules) {
        try {
            return Guice.createInjector(modules);
        } catch (CreationException e) {
            String first = e.getErrorMessages().isEmpty() ? e.getMessage() : e.getErrorMessages().iterator().next().getMessage();
            throw new PluginLoadException("cannot load attention plugins: " + first.lines().findFirst().orElse(first));
        }
    }

    /** Plugin names, sorted. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** Every factory by plugin name, sorted by name; unmodifiable. */
    public Map<String, AttentionFactory> factories() {
        return factories;
    }

    /**
     * The factory registered under {@code name}.
     *
     * @throws UnknownVariantException listing the known names
     */
    public AttentionFactory factory(String name) {
        AttentionFactory factory = factories.get(name);
        if (factory == null) {
            throw new UnknownVariantException("unknown variant '" + name + "'; known: " + String.join(", ", names()));
        }
        return factory;
    }
}
