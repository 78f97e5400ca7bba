package org.attentionlab.runners.memory;

/** A size refused before it allocates, because its estimate does not fit; the message is one line for the user. */
public final class MemoryRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MemoryRefusedException(String message) {
        super(message);
    }
}
