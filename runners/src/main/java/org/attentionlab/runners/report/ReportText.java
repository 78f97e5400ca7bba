package org.attentionlab.runners.report;

import org.attentionlab.runners.config.ReferenceSpec;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.RunResults;

/** Sentences shared by the Markdown and HTML reports. */
final class ReportText {

    private ReportText() {
    }

    static String summary(RunResults r) {
        ExperimentConfig c = r.config();
        String what = c.kind() == ExperimentKind.KERNEL
                ? "Attention-only sweep on random Q, K, V (" + c.kernel().describe()
                + (c.kernel().causal() ? ", causal" : "") + ", seed " + c.kernel().seed() + "); reference: full attention on the same inputs."
                : "Model " + c.reference().displayName() + shape(r) + " on " + c.corpus().displayName() + ", " + c.corpus().documents()
                + " documents per context size; reference: ONNX Runtime on the same token ids"
                + (r.causal() ? ", its logits compared position by position" + decode(c) : "") + ".";
        return what + extension(r) + " Timing: " + c.measure().warmup() + " warm-up and " + c.measure().repetitions()
                + " timed forwards per cell, " + c.measure().threads() + " thread(s). Started " + r.startedAt()
                + (r.finishedAt() == null ? " (not finished)" : ", finished " + r.finishedAt()) + ".";
    }

    /** " (GPT2: 2 layers, 4 heads, 2 kv heads, dModel 64, vocab 512)", or "" for a run without the model's shape. */
    static String shape(RunResults r) {
        var m = r.model();
        return m == null ? "" : " (" + m.architecture() + ": " + m.layers() + " layers, " + m.heads() + " heads, " + m.kvHeads()
                + " kv heads, dModel " + m.dModel() + ", vocab " + m.vocab() + ")";
    }

    private static String decode(ExperimentConfig c) {
        return c.decode() == null ? "" : "; then " + c.decode().tokens() + " tokens decoded one at a time with a KV cache, teacher-forced";
    }

    /** The position extension, the corpus coverage and the run's notes, each a sentence (with a leading space), or "". */
    static String extension(RunResults r) {
        StringBuilder s = new StringBuilder();
        if (r.positions() != null) {
            ReferenceSpec ref = r.config().reference();
            s.append(' ').append(r.positions().sentence(ref.isBuiltIn() ? ref.model() : ref.onnx()));
        }
        if (r.corpus() != null) {
            s.append(' ').append(r.corpus().sentence());
        }
        for (String note : r.notes()) {
            s.append(" Note: ").append(note).append('.');
        }
        return s.toString();
    }

    static List<String[]> environmentRows(Environment e) {
        List<String[]> rows = new ArrayList<>();
        if (e == null) {
            return rows;
        }
        rows.add(new String[] {"Java", e.javaVersion() + " (" + e.javaVendor() + ")"});
        rows.add(new String[] {"OS", e.os()});
        rows.add(new String[] {"CPU", e.cpuModel() + ", " + e.cores() + " cores"});
        rows.add(new String[] {"threads used", Integer.toString(e.threads())});
        rows.add(new String[] {"ONNX Runtime", String.valueOf(e.onnxRuntimeVersion())});
        rows.add(new String[] {"vector width", String.valueOf(e.vectorWidth())});
        rows.add(new String[] {"git commit", e.gitCommit() == null ? "not run from a checkout" : e.gitCommit()});
        return rows;
    }
}
