package org.attentionlab.plugins.nystrom;

/**
 * @param landmarks      number of landmarks m (segment means of Q and of K)
 * @param pinvIterations iterations of the Moore-Penrose pseudo-inverse of the m x m landmark kernel
 */
public record NystromParams(int landmarks, int pinvIterations) {
}
