package org.attentionlab.core.plugin;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.attentionlab.core.plugin.PluginBundle.SourcedModule;

/**
 * Every attention plugin found, assembled by Guice into one map from name to factory: the built-in ones on
 * the class path (ServiceLoader) and, with {@link #load(List)}, the ones on the plugin path, each entry in a
 * class loader of its own. Immutable once loaded, so one registry may serve several threads. Used by the
 * runners; plugins never call it.
 */
public final class PluginRegistry {

    /** The source of a plugin on the class path, in {@link #source} and messages. */
    public static final String BUILT_IN = "built in";

    private static final Key<Map<String, AttentionFactory>> FACTORIES = Key.get(new TypeLiteral<>() { });

    /**
     * Guice logs each exception a module's configure() throws at INFO on stderr, several lines, before it
     * throws; the user gets it once, in the one line of the PluginLoadException. Held here so the level sticks.
     */
    private static final Logger GUICE_MESSAGES = quiet(Logger.getLogger(Guice.class.getName()));

    private final Map<String, AttentionFactory> factories;
    private final Map<String, String> sources;
    private final List<PluginJar> jars;
    private final List<PluginPathEntry> pluginPath;

    private PluginRegistry(Map<String, AttentionFactory> factories, Map<String, String> sources, List<PluginJar> jars,
                           List<PluginPathEntry> pluginPath) {
        this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
        this.sources = Map.copyOf(sources);
        this.jars = List.copyOf(jars);
        this.pluginPath = List.copyOf(pluginPath);
    }

    /**
     * The plugins listed under {@code META-INF/services} on the context class loader's classpath.
     *
     * @throws PluginLoadException when two plugins claim one name, a plugin's name differs from its
     *                             factory's {@code info().name()}, or Guice cannot build one
     */
    public static PluginRegistry load() {
        return load(List.of());
    }

    /**
     * The built-in plugins and those of the plugin path. Each entry (a jar, or a folder of jars: a plugin and
     * the libraries it needs) gets a class loader that sees its own jars and the plugin API only; an entry
     * whose real path came before is skipped.
     *
     * @throws PluginLoadException in one line naming the entry: not a jar or folder, not a zip, no plugin
     *                             module, built against an incompatible plugin API version, a class missing,
     *                             a module that fails, or a name claimed twice (naming both sources)
     */
    public static PluginRegistry load(List<PluginPathEntry> pluginPath) {
        List<SourcedModule> modules = new ArrayList<>();
        ServiceLoader.load(AttentionPluginModule.class).forEach(m -> modules.add(new SourcedModule(m, BUILT_IN)));
        List<PluginJar> jars = new ArrayList<>();
        List<PluginPathEntry> loaded = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        ClassLoader core = AttentionPluginModule.class.getClassLoader();
        for (PluginPathEntry entry : pluginPath) {
            if (!seen.add(realPath(entry.path()))) {
                continue;
            }
            PluginBundle bundle = PluginBundle.open(entry, ApiVersion.current(), core);
            jars.addAll(bundle.jars());
            modules.addAll(bundle.modules());
            loaded.add(new PluginPathEntry(entry.path().toAbsolutePath().normalize(), entry.origin()));
        }
        return assemble(modules, jars, loaded);
    }

    /**
     * The registry made of exactly these modules (tests use it to inject their own), each counted built in.
     *
     * @throws PluginLoadException as {@link #load()} does
     */
    public static PluginRegistry of(List<? extends Module> modules) {
        List<SourcedModule> sourced = new ArrayList<>();
        for (Module m : modules) {
            sourced.add(new SourcedModule(m, BUILT_IN));
        }
        return assemble(sourced, List.of(), List.of());
    }

    private static PluginRegistry assemble(List<SourcedModule> modules, List<PluginJar> jars, List<PluginPathEntry> pluginPath) {
        Map<String, String> sources = checkNamesUnique(modules);
        Injector injector = create(modules.stream().map(SourcedModule::module).toList(), null);
        Map<String, AttentionFactory> map = injector.getExistingBinding(FACTORIES) == null
                ? Map.of() : factories(injector, null);
        for (Map.Entry<String, AttentionFactory> e : map.entrySet()) {
            if (!e.getKey().equals(e.getValue().info().name())) {
                throw new PluginLoadException("plugin registered as '" + e.getKey() + "' describes itself as '"
                        + e.getValue().info().name() + "' (" + e.getValue().getClass().getName() + ")");
            }
        }
        return new PluginRegistry(map, sources, jars, pluginPath);
    }

    /**
     * Guice would refuse a duplicated map key too, but with a long report; one injector per module tells
     * which two plugins claim the name, and the user gets one line naming both; a module that fails to
     * assemble is named with its jar.
     *
     * @return each name's source
     */
    private static Map<String, String> checkNamesUnique(List<SourcedModule> modules) {
        Map<String, SourcedModule> owner = new TreeMap<>();
        Map<String, String> sources = new HashMap<>();
        for (SourcedModule sourced : modules) {
            Injector single = create(List.of(sourced.module()), sourced);
            if (single.getExistingBinding(FACTORIES) == null) {
                continue;
            }
            for (String name : factories(single, sourced).keySet()) {
                SourcedModule previous = owner.putIfAbsent(name, sourced);
                if (previous != null) {
                    throw new PluginLoadException("attention plugin name '" + name + "' is claimed by both "
                            + describe(previous) + " and " + describe(sourced));
                }
                sources.put(name, sourced.source());
            }
        }
        return sources;
    }

    private static String describe(SourcedModule m) {
        String type = m.module().getClass().getName();
        return BUILT_IN.equals(m.source()) ? type : type + " (" + m.source() + ")";
    }

    /** The injector; a failure is one line, naming the jar and the module when one module is at fault. */
    private static Injector create(List<? extends Module> modules, SourcedModule one) {
        try {
            return Guice.createInjector(modules);
        } catch (CreationException e) {
            if (one != null && !BUILT_IN.equals(one.source())) {
                throw new PluginLoadException("plugin jar " + one.source() + ": " + one.module().getClass().getName()
                        + " failed in configure(): " + PluginFailures.describe(e));
            }
            String first = e.getErrorMessages().isEmpty() ? e.getMessage() : e.getErrorMessages().iterator().next().getMessage();
            throw new PluginLoadException("cannot load attention plugins: " + PluginFailures.firstLine(first));
        } catch (LinkageError | RuntimeException e) {
            throw new PluginLoadException(where(one) + PluginFailures.describe(e));
        }
    }

    /** The registered factories, which Guice builds here: a factory that cannot be built is named with its jar. */
    private static Map<String, AttentionFactory> factories(Injector injector, SourcedModule one) {
        try {
            return injector.getInstance(FACTORIES);
        } catch (ProvisionException | LinkageError e) {
            throw new PluginLoadException(where(one) + "cannot build its factory: " + PluginFailures.describe(e));
        }
    }

    private static String where(SourcedModule one) {
        if (one == null) {
            return "cannot load attention plugins: ";
        }
        return (BUILT_IN.equals(one.source()) ? "" : "plugin jar " + one.source() + ": ") + one.module().getClass().getName() + ": ";
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.WARNING);
        return logger;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException e) {
            return path.toAbsolutePath().normalize(); // PluginBundle says why it cannot be read
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
     * Where the plugin came from: {@link #BUILT_IN}, or the path of the jar that holds its module.
     *
     * @throws UnknownVariantException listing the known names
     */
    public String source(String name) {
        factory(name);
        return sources.getOrDefault(name, BUILT_IN);
    }

    /** Every jar loaded from the plugin path (plugins and the libraries beside them), in path order. */
    public List<PluginJar> jars() {
        return jars;
    }

    /**
     * The plugin path entries loaded (absolute; a path given twice once), in order: what another JVM of the run (a
     * Spark executor) loads again to see the same plugins.
     */
    public List<PluginPathEntry> pluginPath() {
        return pluginPath;
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
