package org.attentionlab.core.plugin;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.multibindings.MapBinder;

/**
 * An attention plugin: a Guice module listed in its jar's
 * {@code META-INF/services/org.attentionlab.core.plugin.AttentionPluginModule}. Its {@code configure}
 * registers one factory with {@link #registerFactory}.
 */
public interface AttentionPluginModule extends Module {

    /** Adds {@code factory} to the registry map under {@code name}, the key a YAML variant uses. */
    static void registerFactory(Binder binder, String name, Class<? extends AttentionFactory> factory) {
        MapBinder.newMapBinder(binder, String.class, AttentionFactory.class).addBinding(name).to(factory);
    }
}
