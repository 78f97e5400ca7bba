package org.attentionlab.runners.execute;

/** Tells the user how far a sweep is. The terminal gets a progress bar; tests get nothing. */
public interface SweepProgress extends AutoCloseable {

    /** The sweep has {@code total} cells, {@code done} of them already finished (a resumed run). */
    void start(long total, long done);

    /** A cell finished; {@code what} says which, e.g. {@code window-64 @ n=512}. */
    void cellDone(String what);

    /** A line of news that is not a cell (the gate, the reference at a new size). */
    void note(String message);

    @Override
    void close();

    /** No output at all. */
    SweepProgress SILENT = notesTo(message -> {
    });

    /** No progress bar; each {@link #note} goes to {@code notes} (what a test reads, or nothing). */
    static SweepProgress notesTo(java.util.function.Consumer<String> notes) {
        return new SweepProgress() {
            @Override
            public void start(long total, long done) {
            }

            @Override
            public void cellDone(String what) {
            }

            @Override
            public void note(String message) {
                notes.accept(message);
            }

            @Override
            public void close() {
            }
        };
    }
}
