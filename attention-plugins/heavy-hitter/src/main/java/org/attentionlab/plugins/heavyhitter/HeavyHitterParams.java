package org.attentionlab.plugins.heavyhitter;

/**
 * @param recent the most recent positions always kept (the query's own key among them)
 * @param heavy  older keys kept by largest accumulated attention
 */
public record HeavyHitterParams(int recent, int heavy) {
}
