package org.attentionlab.runners.results;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.runners.config.ExperimentConfig;

/**
 * {@code run.json}, written when a run starts: what {@code --resume} checks a config and its inputs against.
 *
 * @param inputs         the model, tokenizer and corpus with their SHA-256 (null for a kernel sweep, or a
 *                       run recorded before they were)
 * @param attnlabVersion the attention-lab version that started the run
 * @param plugins        every jar loaded from the plugin path (path, SHA-256, declared versions); a resume refuses
 *                       one whose SHA-256 changed; null or empty when only built-in plugins ran
 */
public record RunStart(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                       List<InputFile> inputs, String attnlabVersion, List<PluginJar> plugins) {

    /** A start with built-in plugins only. */
    public RunStart(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                    List<InputFile> inputs, String attnlabVersion) {
        this(schemaVersion, config, environment, startedAt, inputs, attnlabVersion, null);
    }

    private static final String VERSION_RESOURCE = "/org/attentionlab/runners/attnlab-version.properties";

    /** The attention-lab version this build records (the Maven project version, filled in at build time). */
    public static final String ATTNLAB_VERSION = buildVersion();

    /** A start without input digests (a kernel sweep, tests). */
    public RunStart(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt) {
        this(schemaVersion, config, environment, startedAt, null, ATTNLAB_VERSION);
    }

    private static String buildVersion() {
        try (InputStream in = RunStart.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
