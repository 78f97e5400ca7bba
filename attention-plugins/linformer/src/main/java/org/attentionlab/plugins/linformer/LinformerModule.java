package org.attentionlab.plugins.linformer;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code linformer}. */
public final class LinformerModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), LinformerFactory.NAME, LinformerFactory.class);
    }
}
