package org.attentionlab.runners.results;

import java.util.List;

/**
 * Why a variant drifts from the reference, layer by layer and head by head, on the diagnostics documents
 * (the first {@code diagnostics.documents} of the cell's size; means over them). The per-layer reference is
 * the Java model with full attention in every layer: the correctness gate holds it to the ONNX reference,
 * and unlike ONNX Runtime it exposes every layer's hidden state and attention probabilities.
 *
 * @param layerDrift       per layer, the cosine between the variant's hidden state after that layer and full
 *                         attention's, mean over tokens: where the error enters and how it grows with depth
 * @param coverage         layer x head: the fraction of full attention's probability mass that falls inside the
 *                         variant's pattern (mean over query rows); a layer's entry is null where that layer's
 *                         attention has no pattern (dense variants, full layers of a hybrid); null when no layer has one
 * @param referenceEntropy layer x head: entropy (nats) of full attention's rows, mean over query rows; the same
 *                         for every variant at a size, kept in each cell so a resumed run still has it
 */
public record CellDiagnostics(List<Double> layerDrift, List<List<Double>> coverage, List<List<Double>> referenceEntropy) {
}
