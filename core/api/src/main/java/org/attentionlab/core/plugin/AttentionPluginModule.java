package org.attentionlab.core.plugin;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.multibindings.MapBinder;

/**
 * An attention plugin: a Guice module listed in its jar's
 * {@code META-INF/services/org.attentionlab.core.plugin.AttentionPluginModule}, with a public no-argument
 * constructor for {@link java.util.ServiceLoader}. Its {@code configure} registers one factory with
 * {@link #registerFactory}; {@link PluginRegistry} assembles all modules found into one injector.
 */
@ExtensionPoint
public interface AttentionPluginModule extends Module {

    /**
     * Adds {@code factory} to the registry map under {@code name}, the key a YAML variant's {@code attention:}
     * uses. Guice builds the factory (a public no-argument or {@code @Inject} constructor) once. The name
     * must equal the factory's {@code info().name()} and be claimed by no other plugin, or loading fails
     * with a {@link PluginLoadException}.
     */
    static void registerFactory(Binder binder, String name, Class<? extends AttentionFactory> factory) {
        MapBinder.newMapBinder(binder, String.class, AttentionFactory.class).addBinding(name).to(factory);
    }
}
