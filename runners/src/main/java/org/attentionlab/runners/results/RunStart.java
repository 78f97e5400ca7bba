package org.attentionlab.runners.results;

import java.util.List;
import org.attentionlab.runners.config.ExperimentConfig;

/**
 * {@code run.json}, written when a run starts: what {@code --resume} checks a config and its inputs against.
 *
 * @param inputs         the model, tokenizer and corpus with their SHA-256 (null for a kernel sweep, or a
 *                       run recorded before they were)
 * @param attnlabVersion the attention-lab version that started the run
 */
public record RunStart(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                       List<InputFile> inputs, String attnlabVersion) {

    /** The attention-lab version this build records. */
    public static final String ATTNLAB_VERSION = "0.1.0";

    /** A start without input digests (a kernel sweep, tests). */
    public RunStart(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt) {
        this(schemaVersion, config, environment, startedAt, null, ATTNLAB_VERSION);
    }
}
