package org.attentionlab.plugins.topk;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code top-k}. */
public final class TopKModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), TopKFactory.NAME, TopKFactory.class);
    }
}
