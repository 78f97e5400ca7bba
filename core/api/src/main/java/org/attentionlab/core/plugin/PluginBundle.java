package org.attentionlab.core.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import com.google.inject.Module;

/**
 * One plugin path entry opened: its jars checked (a zip, the API version a plugin jar was built against) and
 * recorded (path, SHA-256, declared version), one class loader over them whose parent shows only the plugin
 * API ({@link ApiOnlyClassLoader}), and the plugin modules ServiceLoader finds in it. Every refusal is a
 * {@link PluginLoadException} of one line naming the entry.
 */
final class PluginBundle {

    static final String SERVICE_FILE = "META-INF/services/" + AttentionPluginModule.class.getName();

    /** A plugin module and where it came from: "built in" or its jar's path. */
    record SourcedModule(Module module, String source) {
    }

    private final List<PluginJar> jars;
    private final List<SourcedModule> modules;

    private PluginBundle(List<PluginJar> jars, List<SourcedModule> modules) {
        this.jars = jars;
        this.modules = modules;
    }

    List<PluginJar> jars() {
        return jars;
    }

    List<SourcedModule> modules() {
        return modules;
    }

    /** The jars one entry stands for: itself, or the jars in its folder (sorted by name). */
    static List<Path> jarsOf(PluginPathEntry entry) {
        Path path = entry.path().toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            List<Path> jars;
            try (Stream<Path> files = Files.list(path)) {
                jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException e) {
                throw new PluginLoadException("cannot read plugin folder " + path + " (" + entry.origin() + "): " + e.getMessage());
            }
            if (jars.isEmpty()) {
                throw new PluginLoadException("plugin folder " + path + " (" + entry.origin() + ") holds no jar");
            }
            return jars;
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar")) {
            return List.of(path);
        }
        throw new PluginLoadException(path + " (" + entry.origin() + ") is not a jar or a folder"
                + (Files.exists(path) ? "" : ": no such file"));
    }

    /** Opens the entry, checks its jars against {@code api} and finds its modules in a loader of their own. */
    static PluginBundle open(PluginPathEntry entry, ApiVersion api, ClassLoader core) {
        List<Path> paths = jarsOf(entry);
        List<PluginJar> jars = new ArrayList<>();
        boolean anyPlugin = false;
        for (Path jar : paths) {
            JarFacts facts = read(jar, entry);
            jars.add(facts.jar());
            if (facts.plugin()) {
                anyPlugin = true;
                checkApi(jar, facts.jar().apiVersion(), api);
            }
        }
        if (!anyPlugin) {
            throw new PluginLoadException((paths.size() == 1 ? "plugin jar " + paths.get(0)
                    : "plugin folder " + entry.path().toAbsolutePath().normalize() + " (" + paths.size() + " jars)")
                    + " holds no attention plugin: no " + SERVICE_FILE);
        }
        URLClassLoader loader = new URLClassLoader("attnlab-plugin " + entry.path().getFileName(),
                paths.stream().map(PluginBundle::url).toArray(URL[]::new), new ApiOnlyClassLoader(core));
        List<SourcedModule> modules = new ArrayList<>();
        for (ServiceLoader.Provider<AttentionPluginModule> provider : providers(loader, paths)) {
            modules.add(new SourcedModule(instantiate(provider, loader, paths), jarHolding(provider.type().getName(), loader, paths)));
        }
        return new PluginBundle(List.copyOf(jars), List.copyOf(modules));
    }

    private static List<ServiceLoader.Provider<AttentionPluginModule>> providers(ClassLoader loader, List<Path> paths) {
        try {
            return ServiceLoader.load(AttentionPluginModule.class, loader).stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException(where(paths) + ": " + PluginFailures.describe(e));
        }
    }

    private static AttentionPluginModule instantiate(ServiceLoader.Provider<AttentionPluginModule> provider,
                                                     ClassLoader loader, List<Path> paths) {
        String jar = jarHolding(provider.type().getName(), loader, paths);
        try {
            return provider.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            throw new PluginLoadException("plugin jar " + jar + ": cannot create " + provider.type().getName() + ": "
                    + PluginFailures.describe(e));
        }
    }

    /** The jar of {@code paths} that holds the class, for messages and the {@code plugins} table. */
    static String jarHolding(String className, ClassLoader loader, List<Path> paths) {
        URL url = loader.getResource(className.replace('.', '/') + ".class");
        if (url != null) {
            for (Path p : paths) {
                if (url.toString().startsWith("jar:" + url(p) + "!")) {
                    return p.toString();
                }
            }
        }
        return where(paths);
    }

    private static String where(List<Path> paths) {
        return paths.size() == 1 ? paths.get(0).toString() : paths.get(0).getParent().toString();
    }

    private static void checkApi(Path jar, String declared, ApiVersion api) {
        if (declared == null) {
            throw new PluginLoadException("plugin jar " + jar + " declares no plugin API version (manifest attribute "
                    + ApiVersion.MANIFEST_ATTRIBUTE + ", which a project made from attnlab-plugin-archetype writes); this attnlab provides "
                    + api);
        }
        ApiVersion builtAgainst = ApiVersion.parse(declared);
        if (builtAgainst == null) {
            throw new PluginLoadException("plugin jar " + jar + " declares plugin API version '" + declared
                    + "', not MAJOR.MINOR.PATCH; this attnlab provides " + api);
        }
        String refusal = api.refusal(builtAgainst);
        if (refusal != null) {
            throw new PluginLoadException("plugin jar " + jar + " " + refusal);
        }
    }

    /** A jar's record, and whether it holds plugin modules (a service file) or is a library beside them. */
    private record JarFacts(PluginJar jar, boolean plugin) {
    }

    private static JarFacts read(Path jar, PluginPathEntry entry) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            PluginJar record = new PluginJar(jar.toString(), sha256(jar), main.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
                    main.getValue(ApiVersion.MANIFEST_ATTRIBUTE));
            return new JarFacts(record, file.getEntry(SERVICE_FILE) != null);
        } catch (ZipException e) {
            throw new PluginLoadException("plugin jar " + jar + " (" + entry.origin() + ") is not a jar: not a zip file ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new PluginLoadException("cannot read plugin jar " + jar + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    /** SHA-256 of the file's bytes, lower-case hex. */
    static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }

}
