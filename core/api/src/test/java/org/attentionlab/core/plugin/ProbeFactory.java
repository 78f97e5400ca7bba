package org.attentionlab.core.plugin;

import com.google.inject.Inject;
import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.Exactness;

/** A test plugin exercising every parameter type, a record-level check and a mode-only parameter. */
public class ProbeFactory extends TypedAttentionFactory<ProbeParams> {

    static final String NAME = "probe";

    private final ProbeSettings settings;

    @Inject
    public ProbeFactory(ProbeSettings settings) {
        this(NAME, settings);
    }

    protected ProbeFactory(String name, ProbeSettings settings) {
        super(name, "test plugin", Exactness.EXACT, ProbeParams.class, List.of(
                ParamSpec.requiredInteger("blocks", 1, 64, "how many"),
                ParamSpec.number("temperature", 1.0, 0.0, Double.MAX_VALUE, "softness"),
                ParamSpec.choice("mode", "fast", List.of("fast", "slow"), "how"),
                ParamSpec.bool("strict", false, "strict checks"),
                ParamSpec.integer("budget", 0, 0, Integer.MAX_VALUE, "slow only").onlyWhen("mode", "slow")));
        this.settings = settings;
    }

    ProbeSettings settings() {
        return settings;
    }

    @Override
    protected Attention create(ProbeParams params) {
        return new ProbeAttention(params);
    }

    /** Holds its params so a test can see what the factory built; computes nothing useful. */
    record ProbeAttention(ProbeParams params) implements Attention {
        @Override
        public void forward(AttentionInput input, float[][] out) {
            for (float[] head : out) {
                java.util.Arrays.fill(head, 0f);
            }
        }

        @Override
        public AttentionCost cost(AttentionShape shape) {
            return new AttentionCost(0, 0);
        }
    }
}
