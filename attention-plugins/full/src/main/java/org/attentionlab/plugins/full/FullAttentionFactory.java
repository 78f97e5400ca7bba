package org.attentionlab.plugins.full;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds exact softmax attention. */
public final class FullAttentionFactory extends TypedAttentionFactory<FullAttentionParams> {

    public static final String NAME = "full";

    public FullAttentionFactory() {
        super(NAME, "exact softmax attention over all keys (the reference)", Exactness.EXACT,
                FullAttentionParams.class, List.of());
    }

    @Override
    protected Attention create(FullAttentionParams params) {
        return new FullAttention();
    }
}
