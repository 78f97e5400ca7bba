package org.attentionlab.core.testing;

import org.attentionlab.core.model.BertWeights;

/** The array a role name ({@code layer.1.query.weight}, {@code embeddings.norm.beta}, ...) designates in a BertWeights. */
public final class Roles {

    private Roles() {
    }

    public static float[] values(BertWeights w, String role) {
        switch (role) {
            case "embeddings.word":
                return w.wordEmbeddings();
            case "embeddings.position":
                return w.positionEmbeddings();
            case "embeddings.token_type":
                return w.tokenTypeEmbeddings();
            case "embeddings.norm.gamma":
                return w.embeddingNorm().gamma();
            case "embeddings.norm.beta":
                return w.embeddingNorm().beta();
            default:
                break;
        }
        String[] parts = role.split("\\.");
        BertWeights.Layer l = w.layer(Integer.parseInt(parts[1]));
        String part = parts[3];
        switch (parts[2]) {
            case "query":
                return dense(l.query(), part);
            case "key":
                return dense(l.key(), part);
            case "value":
                return dense(l.value(), part);
            case "attention_output":
                return dense(l.attentionOutput(), part);
            case "intermediate":
                return dense(l.intermediate(), part);
            case "output":
                return dense(l.output(), part);
            case "attention_norm":
                return part.equals("gamma") ? l.attentionNorm().gamma() : l.attentionNorm().beta();
            case "output_norm":
                return part.equals("gamma") ? l.outputNorm().gamma() : l.outputNorm().beta();
            default:
                throw new IllegalArgumentException(role);
        }
    }

    private static float[] dense(BertWeights.Dense d, String part) {
        return part.equals("weight") ? d.weight() : d.bias();
    }
}
