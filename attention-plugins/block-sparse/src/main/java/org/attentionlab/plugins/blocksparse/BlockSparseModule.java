package org.attentionlab.plugins.blocksparse;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code block-sparse}. */
public final class BlockSparseModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), BlockSparseFactory.NAME, BlockSparseFactory.class);
    }
}
