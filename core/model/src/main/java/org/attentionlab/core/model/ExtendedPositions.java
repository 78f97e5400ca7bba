package org.attentionlab.core.model;

import java.nio.file.Path;

/**
 * What an extended model is: the learned rows of its source, the method and length they were
 * stretched to, and the rewritten export that both the Java encoder and ONNX Runtime run.
 *
 * @param sourceRows   learned positions P of the source export
 * @param method       how positions past P are filled
 * @param extendTo     the new number of positions
 * @param cachedFile   the rewritten export in the cache folder
 * @param cachedSha256 SHA-256 of that file
 * @param reused       whether the file was already in the cache
 * @param notice       what the cache did about a damaged entry (rebuilt it, and why), one line; null when nothing
 */
public record ExtendedPositions(int sourceRows, PositionMethod method, int extendTo, Path cachedFile, String cachedSha256, boolean reused,
                                String notice) {
}
