/**
 * The Java BERT encoder and how it is loaded: {@link org.attentionlab.core.model.ModelSource} (a built-in
 * model or the user's ONNX file and tokenizer.json), {@link org.attentionlab.core.model.OnnxBertReader}
 * (weights and configuration out of an ONNX export), {@link org.attentionlab.core.model.PositionExtension}
 * (the position table stretched past the trained length, on the Java side and in the export ONNX Runtime
 * runs), and {@link org.attentionlab.core.model.BertEncoder},
 * which runs the export's computation in Java with one attention plugin per layer and lets diagnostics and
 * benchmarks look inside a forward ({@link org.attentionlab.core.model.LayerObserver},
 * {@link org.attentionlab.core.model.StageObserver}). For the runners and the benchmarks; not part of the
 * plugin API, and plugins cannot see it.
 */
package org.attentionlab.core.model;
