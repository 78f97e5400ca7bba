package org.attentionlab.core.model;

class MiniLmParityTest extends ParitySupport {
    @Override
    String modelName() {
        return "all-minilm-l6-v2";
    }
}
