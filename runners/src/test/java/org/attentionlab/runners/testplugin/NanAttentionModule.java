package org.attentionlab.runners.testplugin;

import com.google.inject.AbstractModule;
import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.AttentionPluginModule;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/**
 * A test plugin whose output is NaN above a context size, as softmax over overflowed logits gives: the sweep must
 * fail that cell by name (never record it as ok, never write NaN into results.json).
 */
public final class NanAttentionModule extends AbstractModule implements AttentionPluginModule {

    public static final String NAME = "nan-output";

    public record Params(int nanAbove) {
    }

    public static final class Factory extends TypedAttentionFactory<Params> {
        public Factory() {
            super(NAME, "test plugin: NaN output when n > nanAbove", Exactness.EXACT, Params.class,
                    List.of(ParamSpec.integer("nanAbove", 8, 0, 1 << 20, "largest n whose output is finite")));
        }

        @Override
        protected Attention create(Params p) {
            return new ZeroCostAttention((in, out) -> {
                for (float[] o : out) {
                    java.util.Arrays.fill(o, in.n() > p.nanAbove() ? Float.NaN : 0f);
                }
            });
        }
    }

    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), NAME, Factory.class);
    }
}
