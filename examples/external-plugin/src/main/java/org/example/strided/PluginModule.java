package org.example.strided;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/**
 * Registers the plugin. attnlab finds this class through
 * src/main/resources/META-INF/services/org.attentionlab.core.plugin.AttentionPluginModule.
 */
public final class PluginModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), PluginFactory.NAME, PluginFactory.class);
    }
}
