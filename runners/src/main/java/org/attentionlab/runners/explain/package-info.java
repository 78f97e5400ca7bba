/**
 * The attention explorer ({@code attnlab explain}): one document's attention maps, layer by layer and head by
 * head, of the reference (the Java model with full attention, checked against ONNX Runtime on that document)
 * and of each variant on the same queries and keys, with the variant's mask, the keys whose mass it dropped,
 * and the diagnostics' per-head entropy and coverage. It runs the model (like the execute stage, whose
 * {@code LoadedModel} and {@code Attentions} it uses) and produces two files, {@code attention.html} (offline,
 * self-contained) and {@code attention.json}; {@code cli} writes them.
 */
package org.attentionlab.runners.explain;
