package org.attentionlab.runners.cli;

import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.decoder.synthetic.InductionHead;
import org.attentionlab.core.decoder.synthetic.SyntheticGpt2;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigSource;
import org.attentionlab.runners.config.MemoryChecks;
import org.attentionlab.runners.config.ModelChecks;
import org.attentionlab.runners.memory.MemoryBudget;
import org.attentionlab.runners.execute.LoadedDecoder;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.tasks.TaskInputs;
import org.attentionlab.runners.config.ExperimentConfig;

/** The validator and the model checks every command that reads an experiment shares. */
final class Experiments {

    private Experiments() {
    }

    /** The experiment resolved against the built-in plugins (tests; the commands use their plugin path). */
    static ExperimentConfig load(Path file) {
        return validator(PluginRegistry.load()).resolve(ConfigLoader.load(file));
    }

    /** Prints each notice as one {@code warning:} line on stderr, at once (before a long run begins). */
    static void warn(java.io.PrintWriter err, java.util.List<String> notices) {
        for (String notice : notices) {
            err.println("warning: " + ExitCodes.oneLine(notice));
        }
        err.flush();
    }

    static ConfigValidator validator(PluginRegistry plugins) {
        // the classpath encoders, the decoder quickstart's synthetic export and the induction-head decoder (both
        // written on first use)
        List<String> names = new java.util.ArrayList<>(ModelSource.builtInNames());
        names.add(SyntheticGpt2.NAME);
        names.add(InductionHead.NAME);
        return new ConfigValidator(plugins, names);
    }

    /** Prints the validator's deprecation notes, one {@code warning:} line each (a run still goes ahead). */
    static void warn(ConfigValidator validator, java.io.PrintWriter err) {
        for (String note : validator.notes()) {
            err.println("warning: " + note);
        }
        err.flush();
    }

    /**
     * Every check that needs the model, tokenizer and corpus read but no forward pass; {@code run} and
     * {@code validate} both call it, so validate passes exactly what run accepts. {@code plugins} is the command's
     * registry (its plugin path included): the built-in one alone would call a plugin from a jar unknown.
     */
    static void checkAgainstModel(ExperimentConfig config, LoadedModel model, PluginRegistry plugins, ConfigSource src) {
        if (model.causal()) {
            checkAgainstDecoder(config, model.decoder(), plugins, src);
            return;
        }
        ModelChecks.checkEncoder(config, plugins, src);
        ModelChecks.check(config, model.shape(), src);
        ModelChecks.checkTokenizer(config, model.shape(), model.tokenizer().maxId(), src);
        ModelChecks.checkCorpus(config, n -> model.sample(n, config.corpus().documents()), model.corpus().name(), src);
        // the tasks: one for the other kind of model, a size too small for a statement, a malformed labelled set
        model.tasks().check(config, false, config.reference().displayName(), src);
        // the documents, the reference's outputs and the weights at the largest size: what no cell can do without.
        // The same CellMemory estimates refuse a single cell (a variant's scratch, ONNX Runtime's probabilities)
        // when the sweep reaches it, and the sweep goes on.
        MemoryChecks.checkModel(config, model.shape(), model.onnxByteCount(), MemoryBudget.ofThisJvm(), src);
    }

    /**
     * A causal language model's checks: variants that serve decoders, positions, the tokenizer against the logits'
     * width, and the documents: every id of a tokens file in the vocabulary (file:line), and each of the documents
     * long enough for the largest n plus {@code decode.tokens}.
     */
    private static void checkAgainstDecoder(ExperimentConfig config, LoadedDecoder model, PluginRegistry plugins, ConfigSource src) {
        var shape = model.lm().shape();
        // ONNX Runtime opens the export now: a past-only export (one that cannot run a first token with empty pasts) is
        // refused here in one line, before a run folder exists
        model.lm().reference(config.measure().threads());
        ModelChecks.checkDecoder(config, shape.architecture(), shape.layers(), model.lm().maxPositions(), plugins, src);
        // the tasks: one for an encoder (passkey, needle, retrieval), a recall vocabulary wider than the logits
        TaskInputs.checkKind(config, true, config.reference().displayName(), src);
        TaskInputs.checkRecall(config, shape.vocab(), config.reference().displayName(), src);
        if (model.tokenizer() != null) {
            ModelChecks.checkCausalTokenizer(config, shape.vocab(), model.tokenizer().maxId(), model.tokenizerName(), src);
        }
        int largest = config.contextSizes().stream().max(Integer::compare).orElseThrow();
        int length = largest + config.decodeTokens();
        int documents = config.corpus().documents();
        if (documents == 0) {
            return; // an experiment that runs its tasks alone reads no documents
        }
        if (model.tokens() != null) {
            model.tokens().checkVocabulary(shape.vocab(), shape.architecture() + " export " + config.reference().displayName());
            model.documents(length, documents, "n=" + largest + (config.decodeTokens() > 0 ? " and decode.tokens " + config.decodeTokens() : ""));
        } else {
            ModelChecks.checkCorpus(config, n -> model.sample(n + config.decodeTokens(), documents), model.corpusName(), src);
        }
    }
}
