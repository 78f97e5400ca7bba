package org.attentionlab.runners.execute;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.decoder.CausalDecoder;
import org.attentionlab.core.decoder.DecoderConfig;
import org.attentionlab.core.decoder.DecoderSession;
import org.attentionlab.core.decoder.DecoderWeights;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.reference.ReferenceDecodeSession;
import org.attentionlab.runners.results.ModelRecord;

/**
 * {@link CausalLm} over core-model's decoder: the export read by walking its graph ({@link ModelSource#decoderWeights}),
 * the Java {@link CausalDecoder} and ONNX Runtime's {@link OnnxDecoderReference}. The only class of runners that
 * names them.
 */
final class CausalLms {

    private CausalLms() {
    }

    /** The export, whose {@link ModelSource#architecture} is a causal language model. */
    static CausalLm open(ModelSource source) {
        return new Core(source, source.decoderWeights());
    }

    /** A {@link CausalLm.Session} over one side's decoding: its prefill, step, cache size and close. */
    private record SessionOf(Function<int[], float[]> prefill, IntFunction<float[]> step, LongSupplier cacheBytes, Runnable onClose)
            implements CausalLm.Session {

        @Override
        public float[] prefill(int[] ids) {
            return prefill.apply(ids);
        }

        @Override
        public float[] step(int id) {
            return step.apply(id);
        }

        @Override
        public long kvCacheBytes() {
            return cacheBytes.getAsLong();
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    private static final class Core implements CausalLm {

        private final ModelSource source;
        private final DecoderWeights weights;
        private final DecoderConfig config;
        private Reference reference;
        private OnnxDecoderReference session;

        Core(ModelSource source, DecoderWeights weights) {
            this.source = source;
            this.weights = weights;
            this.config = weights.config();
        }

        @Override
        public ModelRecord shape() {
            return new ModelRecord(config.architecture().name(), config.layers(), config.heads(), config.kvHeads(), config.dModel(),
                    config.vocab());
        }

        @Override
        public int dHead() {
            return config.dHead();
        }

        @Override
        public int maxPositions() {
            return config.maxPositions();
        }

        @Override
        public long weightBytes() {
            return source.onnxBytes().length;
        }

        @Override
        public Decoder decoder(List<Attention> perLayer) {
            CausalDecoder decoder = new CausalDecoder(weights, perLayer);
            return new Decoder() {
                @Override
                public float[] logits(int[] ids) {
                    return decoder.logits(ids);
                }

                @Override
                public Session startDecode(int maxTokens) {
                    DecoderSession s = decoder.startDecode(maxTokens);
                    return new SessionOf(s::prefill, s::step, s::kvCacheBytes, () -> {
                    });
                }
            };
        }

        @Override
        public synchronized Reference reference(int threads) {
            if (reference == null) {
                OnnxDecoderReference ort = new OnnxDecoderReference(source.onnxBytes(), threads);
                session = ort;
                reference = new Reference() {
                    @Override
                    public boolean hasPast() {
                        return ort.hasPast();
                    }

                    @Override
                    public float[] logits(int[] ids) {
                        return ort.logits(ids);
                    }

                    @Override
                    public Session startDecode(int maxTokens) {
                        ReferenceDecodeSession s = ort.startDecode();
                        return new SessionOf(s::prefill, s::step, () -> -1, s::close); // ONNX Runtime does not say
                    }
                };
            }
            return reference;
        }

        @Override
        public synchronized void close() {
            if (session != null) {
                session.close();
            }
        }
    }
}
