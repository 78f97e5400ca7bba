package org.attentionlab.plugins.slidingwindow;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code sliding-window}. */
public final class SlidingWindowModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), SlidingWindowFactory.NAME, SlidingWindowFactory.class);
    }
}
