package org.attentionlab.runners.testplugin;

import com.google.inject.AbstractModule;
import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.AttentionPluginModule;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** A test plugin that throws above a context size: the sweep must record the failure and go on. */
public final class FailingAttentionModule extends AbstractModule implements AttentionPluginModule {

    public static final String NAME = "failing";

    public record Params(int failAbove) {
    }

    public static final class Factory extends TypedAttentionFactory<Params> {
        public Factory() {
            super(NAME, "test plugin: throws when n > failAbove", Exactness.EXACT, Params.class,
                    List.of(ParamSpec.integer("failAbove", 8, 0, 1 << 20, "largest n that works")));
        }

        @Override
        protected Attention create(Params p) {
            return new ZeroCostAttention((in, out) -> {
                if (in.n() > p.failAbove()) {
                    throw new IllegalStateException("deliberate failure at n=" + in.n());
                }
                for (float[] o : out) {
                    java.util.Arrays.fill(o, 0f);
                }
            });
        }
    }

    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), NAME, Factory.class);
    }
}
