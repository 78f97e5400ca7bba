package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.AttentionPluginModule;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.plugin.TypedAttentionFactory;
import org.attentionlab.runners.config.CorpusSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.MeasureSpec;
import org.attentionlab.runners.config.ReferenceSpec;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.execute.LocalExecutor;
import org.attentionlab.runners.execute.ModelWorkload;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.plan.RunPlan;
import org.attentionlab.runners.record.RunFolder;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.RunStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A model that does not match the reference must stop the run before anything is timed. */
class CorrectnessGateTest {

    /** A "full" attention that is wrong: it returns the values unweighted (the mean is never taken). */
    public record NoParams() {
    }

    public static final class WrongFullFactory extends TypedAttentionFactory<NoParams> {
        public WrongFullFactory() {
            super("full", "broken on purpose", Exactness.EXACT, NoParams.class, List.of());
        }

        @Override
        protected Attention create(NoParams p) {
            return new Attention() {
                @Override
                public void forward(AttentionInput in, float[][] out) {
                    for (int h = 0; h < in.heads(); h++) {
                        System.arraycopy(in.v()[h], 0, out[h], 0, in.n() * in.dHead());
                    }
                }

                @Override
                public AttentionCost cost(AttentionShape shape) {
                    return new AttentionCost(0, 0);
                }
            };
        }
    }

    static final class WrongFullModule extends AbstractModule implements AttentionPluginModule {
        @Override
        protected void configure() {
            AttentionPluginModule.registerFactory(binder(), "full", WrongFullFactory.class);
        }
    }

    @TempDir
    Path tmp;

    @Test
    void aBrokenModelFailsTheGateAndTheRunIsMarkedUntrustworthy() throws Exception {
        ExperimentConfig config = new ExperimentConfig("gate", ExperimentKind.MODEL, ReferenceSpec.defaults(), new CorpusSpec("europarl-en", null, 2),
                List.of(8, 16), List.of(new VariantSpec("full", "full", Map.of(), null)), new MeasureSpec(0, 1, 1),
                tmp.toString(), null);
        PluginRegistry plugins = PluginRegistry.of(List.of(new WrongFullModule()));
        try (LoadedModel model = LoadedModel.open(config)) {
            RunFolder folder = RunFolder.create(tmp, new RunStart(RunResults.SCHEMA_VERSION, config, null, Instant.now().toString()));
            RunResults results;
            try (LocalExecutor executor = new LocalExecutor(new ModelWorkload(config, plugins, model, SweepProgress.SILENT), SweepProgress.SILENT)) {
                results = ExperimentRun.run(RunPlan.of(config), executor, folder, null, SweepProgress.SILENT);
            }
            assertFalse(results.trustworthy());
            assertFalse(results.gate().passed());
            assertEquals(2, results.gate().checks().size());
            assertTrue(results.gate().checks().get(0).tokenCosineMin() < 0.99);
            assertTrue(results.cells().isEmpty(), "nothing is timed after a failed gate");
            assertTrue(Files.readString(folder.dir().resolve("report.md")).contains("UNTRUSTWORTHY RUN"));
        }
    }

    /** The bounds are inclusive: exactly at them passes, one representable step beyond fails. */
    @ParameterizedTest(name = "min cosine {0}, max abs {1}: {2}")
    @MethodSource("atTheBounds")
    void theGatesBoundsAreInclusive(double tokenCosineMin, double maxAbsError, boolean passes) {
        assertEquals(passes, Gate.passes(tokenCosineMin, maxAbsError));
    }

    static Stream<Arguments> atTheBounds() {
        double cos = Gate.MIN_TOKEN_COSINE;
        double abs = Gate.MAX_ABS_ERROR;
        return Stream.of(
                Arguments.of(0.99999, 1e-3, true),
                Arguments.of(cos, abs, true),
                Arguments.of(Math.nextDown(cos), abs, false),
                Arguments.of(cos, Math.nextUp(abs), false),
                Arguments.of(Math.nextDown(cos), Math.nextUp(abs), false),
                Arguments.of(1.0, 0.0, true),
                Arguments.of(Double.NaN, 0.0, false),
                Arguments.of(1.0, Double.NaN, false));
    }
}
