/**
 * Writers of causal-LM ONNX exports in the layouts torch.onnx.export and optimum produce (seeded weights):
 * the synthetic GPT-2 export and byte-level BPE tokenizer the decoder quickstart runs on, and the graph
 * builder the tests' GPT-2 and Llama exports share. Independent of the reader
 * ({@link org.attentionlab.core.decoder.DecoderGraphReader}), which never sees these classes.
 */
package org.attentionlab.core.decoder.synthetic;
