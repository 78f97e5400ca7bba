package org.attentionlab.runners.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.attentionlab.runners.execute.SweepProgress;

/** A progress bar on stderr (stdout stays for the tables), one step per finished cell. */
public final class TerminalProgress implements SweepProgress {

    private final PrintStream err;
    private ProgressBar bar;

    public TerminalProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void start(long total, long done) {
        bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(err)).setMaxRenderedLength(100)
                .showSpeed().build();
        bar.stepTo(done);
    }

    @Override
    public void cellDone(String what) {
        if (bar != null) {
            bar.setExtraMessage(what);
            bar.step();
        }
    }

    @Override
    public void note(String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        } else {
            err.println(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
