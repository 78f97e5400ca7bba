package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import org.attentionlab.core.decoder.synthetic.Gpt2Export;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.reference.ReferenceDecodeSession;
import org.attentionlab.core.testing.FullCacheOracle;
import org.attentionlab.core.testing.LlamaOnnx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KV-cache decoding: the Java decoder's steps against recomputing the whole prefix, ONNX Runtime's with-past
 * steps against its own full forward, and the two decodings against each other, on GPT-2 and grouped-query
 * Llama exports with past.
 */
class DecodeTest {

    static final int PROMPT = 24;
    static final int STEPS = 8;

    static byte[] export(String layout) {
        return switch (layout) {
            case "gpt2" -> Gpt2Export.write(Gpt2Export.Options.tiny().withPast(true)).onnx();
            case "gpt2-matmul-decomposed" -> Gpt2Export.write(Gpt2Export.Options.tiny().withPast(true)
                    .withLayout(false, false, Gpt2Export.Conv1d.MATMUL, false)).onnx();
            case "gpt2-merged" -> Gpt2Export.writeMerged(Gpt2Export.Options.tiny()).onnx();
            case "llama-gqa" -> LlamaOnnx.write(LlamaOnnx.Options.tiny().withPast(true)).onnx();
            case "llama-mqa-tied-bias" -> LlamaOnnx.write(LlamaOnnx.Options.tiny().withPast(true).withHeads(4, 1)
                    .withLayout(false, true, false, true)).onnx();
            case "llama-rope-tables" -> LlamaOnnx.write(LlamaOnnx.Options.tiny().withPast(true).withRopeTables(64, false)).onnx();
            case "llama-rope-tables-4d-no-position-ids" -> LlamaOnnx.write(LlamaOnnx.Options.tiny().withPast(true).withRopeTables(64, true)
                    .withLayout(false, false, true, false)).onnx();
            default -> throw new IllegalArgumentException(layout);
        };
    }

    private static double maxAbs(float[] a, float[] b, int from, int count) {
        double m = 0;
        for (int i = 0; i < count; i++) {
            m = Math.max(m, Math.abs(a[i] - b[from + i]));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt2", "gpt2-matmul-decomposed", "gpt2-merged", "llama-gqa", "llama-mqa-tied-bias", "llama-rope-tables",
        "llama-rope-tables-4d-no-position-ids"})
    void decodeStepsEqualRecomputeAndOnnxRuntimeWithPast(String layout) {
        byte[] onnx = export(layout);
        DecoderWeights w = DecoderGraphReader.read(onnx, layout);
        assertTrue(w.config().hasPast(), "the export has past inputs");
        int vocab = w.config().vocab();
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(w.config().layers(), new FullCacheOracle()));
        int[] ids = Gpt2ParityTest.ids(PROMPT + STEPS, vocab, 5);
        DecoderSession session = decoder.startDecode(PROMPT + STEPS);
        float[] prompt = session.prefill(Arrays.copyOf(ids, PROMPT));
        assertEquals(0.0, maxAbs(prompt, decoder.logits(Arrays.copyOf(ids, PROMPT)), 0, prompt.length), 1e-6);
        double javaVsRecompute = 0;
        double ortStepVsFull = 0;
        double javaVsOrt = 0;
        try (OnnxDecoderReference ref = new OnnxDecoderReference(onnx, 1); ReferenceDecodeSession ort = ref.startDecode()) {
            assertTrue(ort.cached());
            ort.prefill(Arrays.copyOf(ids, PROMPT));
            for (int t = PROMPT; t < PROMPT + STEPS; t++) {
                float[] step = session.step(ids[t]);
                float[] recomputed = decoder.logits(Arrays.copyOf(ids, t + 1));
                javaVsRecompute = Math.max(javaVsRecompute, maxAbs(step, recomputed, t * vocab, vocab));
                float[] ortStep = ort.step(ids[t]);
                float[] ortFull = ref.logits(Arrays.copyOf(ids, t + 1));
                ortStepVsFull = Math.max(ortStepVsFull, maxAbs(ortStep, ortFull, t * vocab, vocab));
                javaVsOrt = Math.max(javaVsOrt, maxAbs(step, ortStep, 0, vocab));
            }
        }
        System.out.printf("[decode] %s: java step vs recompute %.2e, ORT step vs ORT full %.2e, java vs ORT step %.2e%n",
                layout, javaVsRecompute, ortStepVsFull, javaVsOrt);
        assertTrue(javaVsRecompute <= 1e-5, "java step vs recompute " + javaVsRecompute);
        assertTrue(ortStepVsFull <= 1e-4, "ORT with past vs ORT full " + ortStepVsFull);
        assertTrue(javaVsOrt <= 1e-3, "java vs ORT step " + javaVsOrt);
        assertEquals(PROMPT + STEPS, session.position());
        long perToken = 2L * w.config().kvHeads() * w.config().dHead() * Float.BYTES * w.config().layers();
        assertEquals(perToken * (PROMPT + STEPS), session.kvCacheBytes());
        assertFalse(decoder.config().tiedLmHead() && layout.equals("llama-gqa"));
    }

    @org.junit.jupiter.api.Test
    void withoutPastTheReferenceDecodesByRecomputing() {
        byte[] onnx = Gpt2Export.write(Gpt2Export.Options.tiny()).onnx();
        assertFalse(DecoderGraphReader.read(onnx, "no-past").config().hasPast());
        int[] ids = Gpt2ParityTest.ids(PROMPT + 2, Gpt2Export.Options.tiny().vocab(), 4);
        try (OnnxDecoderReference ref = new OnnxDecoderReference(onnx, 1); ReferenceDecodeSession ort = ref.startDecode()) {
            assertFalse(ref.hasPast());
            assertFalse(ort.cached());
            ort.prefill(Arrays.copyOf(ids, PROMPT));
            ort.step(ids[PROMPT]);
            float[] step = ort.step(ids[PROMPT + 1]);
            float[] full = ref.logits(ids);
            int vocab = step.length;
            assertEquals(0.0, maxAbs(step, full, (PROMPT + 1) * vocab, vocab));
            assertEquals(PROMPT + 2, ort.position());
        }
    }

    @org.junit.jupiter.api.Test
    void aPastOnlyExportIsRefusedInOneLine() throws Exception {
        // an export whose past inputs cannot be empty (a fixed past length, as some exporters' with-past graphs declare)
        var model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Gpt2Export.write(Gpt2Export.Options.tiny().withPast(true)).onnx()).toBuilder();
        for (var input : model.getGraphBuilder().getInputBuilderList()) {
            if (input.getName().startsWith("past_key_values.")) {
                input.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(2).clearDimParam().setDimValue(4);
            }
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.attentionlab.core.model.ModelLoadException.class,
                () -> new OnnxDecoderReference(model.build().toByteArray(), 1));
        assertTrue(e.getMessage().startsWith("the export requires past inputs and cannot run a first token with empty pasts ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("export its no-past or merged form (optimum-cli export onnx without --task "
                + "text-generation-with-past, or the decoder_model_merged.onnx)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
