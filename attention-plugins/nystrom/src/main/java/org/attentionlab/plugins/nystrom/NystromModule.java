package org.attentionlab.plugins.nystrom;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code nystrom}. */
public final class NystromModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), NystromFactory.NAME, NystromFactory.class);
    }
}
