package org.attentionlab.core.model;

class E5ParityIT extends ParitySupport {
    @Override
    String modelName() {
        return "e5-small-v2";
    }
}
