package org.attentionlab.runners.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import java.nio.file.Path;
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.results.ResultsJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.attentionlab.runners.results.InputFile;
import org.attentionlab.runners.results.RunResults;

/**
 * Whether two runs measured the same thing: the same model file, tokenizer and corpus text (by the SHA-256s
 * each run recorded in {@code run.json} and copied into {@code results.json} as {@code inputs}), the same
 * number of documents, context sizes and measure settings, and per label the same plugin with the same resolved
 * parameters and layers. A comparison across any of these would report the difference of inputs as a regression
 * or an improvement.
 */
public final class Comparability {

    private Comparability() {
    }

    /** What differs, one phrase each ("model file (sha256 1a2b3c4d5e6f vs 9f8e7d6c5b4a)"); empty when comparable. */
    public static List<String> differences(RunResults baseline, RunResults current) {
        List<String> out = new ArrayList<>();
        if (baseline.inputs() != null && current.inputs() != null) {
            for (String role : List.of(InputFile.MODEL, InputFile.TOKENIZER, InputFile.CORPUS, InputFile.EXTENDED_EXPORT)) {
                String x = sha256(baseline.inputs(), role);
                String y = sha256(current.inputs(), role);
                if (role.equals(InputFile.EXTENDED_EXPORT) && (x == null || y == null)) {
                    continue; // a run from before the extended export was recorded as an input: its model file still is
                }
                if (!Objects.equals(x, y)) {
                    out.add(role + " (sha256 " + shortHash(x) + " vs " + shortHash(y) + ")");
                }
            }
        }
        pluginJars(out, baseline.plugins(), current.plugins());
        ExperimentConfig bc = baseline.config();
        ExperimentConfig cc = current.config();
        same(out, "kind", bc.kind(), cc.kind());
        if (bc.corpus() != null && cc.corpus() != null) {
            same(out, "corpus documents", bc.corpus().documents(), cc.corpus().documents());
        }
        same(out, "context sizes", bc.contextSizes(), cc.contextSizes());
        out.addAll(variantDifferences(bc, cc));
        if (bc.measure() != null && cc.measure() != null) {
            same(out, "measure.warmup", bc.measure().warmup(), cc.measure().warmup());
            same(out, "measure.repetitions", bc.measure().repetitions(), cc.measure().repetitions());
            same(out, "measure.threads", bc.measure().threads(), cc.measure().threads());
        }
        return out;
    }

    /**
     * The labels both runs have whose resolved plugin, parameters or layers differ ("variant w16: sliding-window
     * {width: 16} vs sliding-window {width: 48}"): cells are matched by label, so a label that names another
     * computation in each run would report that difference as a regression or an improvement.
     */
    static List<String> variantDifferences(ExperimentConfig baseline, ExperimentConfig current) {
        List<String> out = new ArrayList<>();
        for (VariantSpec b : baseline.variants()) {
            VariantSpec c = current.variants().stream().filter(v -> v.label().equals(b.label())).findFirst().orElse(null);
            if (c == null) {
                continue; // reported as a missing cell
            }
            JsonNode x = ResultsJson.MAPPER.valueToTree(b);
            JsonNode y = ResultsJson.MAPPER.valueToTree(c);
            ((ObjectNode) x).remove("label");
            ((ObjectNode) y).remove("label");
            if (!x.equals(y)) {
                out.add("variant " + b.label() + " (" + describe(b) + " vs " + describe(c) + ")");
            }
        }
        return out;
    }

    /** {@code sliding-window {globalTokens: 0, width: 16}, layers [2, 3]}: what a label ran. */
    private static String describe(VariantSpec v) {
        StringBuilder sb = new StringBuilder(v.name());
        if (v.params() != null && !v.params().isEmpty()) {
            sb.append(" {");
            String sep = "";
            for (var e : new java.util.TreeMap<>(v.params()).entrySet()) {
                sb.append(sep).append(e.getKey()).append(": ").append(e.getValue());
                sep = ", ";
            }
            sb.append('}');
        }
        if (v.layers() != null) {
            sb.append(", layers ").append(v.layers());
        }
        return sb.toString();
    }

    /**
     * A line saying which run of a model sweep lacks the input digests, or null when both have them (or the
     * runs are kernel sweeps, which read no model, tokenizer or corpus).
     */
    public static String missingInputs(RunResults baseline, RunResults current) {
        boolean b = baseline.inputs() != null || baseline.config().kind() != ExperimentKind.MODEL;
        boolean c = current.inputs() != null || current.config().kind() != ExperimentKind.MODEL;
        if (b && c) {
            return null;
        }
        String which = !b && !c ? "neither run records" : !b ? "the baseline does not record" : "the current run does not record";
        return which + " the SHA-256 of its model, tokenizer and corpus: those were not checked";
    }

    /** A plugin jar both runs loaded (by file name: the runs may come from two machines) with other bytes. */
    private static void pluginJars(List<String> out, List<PluginJar> baseline, List<PluginJar> current) {
        if (baseline == null || current == null) {
            return;
        }
        for (PluginJar b : baseline) {
            String name = Path.of(b.path()).getFileName().toString();
            for (PluginJar c : current) {
                if (Path.of(c.path()).getFileName().toString().equals(name) && !c.sha256().equals(b.sha256())) {
                    out.add("plugin jar " + name + " (sha256 " + shortHash(b.sha256()) + " vs " + shortHash(c.sha256()) + ")");
                }
            }
        }
    }

    private static String sha256(List<InputFile> inputs, String role) {
        return inputs.stream().filter(f -> role.equals(f.role())).map(InputFile::sha256).findFirst().orElse(null);
    }

    private static void same(List<String> out, String what, Object b, Object c) {
        if (!Objects.equals(b, c)) {
            out.add(what + " (" + b + " vs " + c + ")");
        }
    }

    private static String shortHash(String h) {
        return h == null ? "none" : h.substring(0, Math.min(12, h.length()));
    }
}
