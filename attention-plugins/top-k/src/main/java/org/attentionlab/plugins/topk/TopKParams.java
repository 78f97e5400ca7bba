package org.attentionlab.plugins.topk;

/** @param k keys each query keeps: its k largest scores */
public record TopKParams(int k) {
}
