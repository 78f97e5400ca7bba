package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retrieval task's labelled set on an executor: Spark ships files, not folders, so the folder must be at the driver's
 * path; where it is not, one line names the host, the folder and the task, before the model loads.
 */
class ExecutorTaskFoldersTest {

    @TempDir
    Path tmp;

    @Test
    void aLabelledSetMissingOnTheExecutorIsOneLineNamingHostFolderAndTask() throws IOException {
        Path beir = Files.createDirectories(tmp.resolve("beir")); // the driver's folder (its files are read when the task runs)
        Path yaml = tmp.resolve("retrieval.yaml");
        Files.writeString(yaml, """
                name: retrieval
                reference: { model: all-minilm-l6-v2 }
                contextSizes: [64]
                variants: [ { name: full } ]
                tasks: [ { task: retrieval, label: mini, format: beir, path: beir } ]
                output: out
                """);
        ExperimentConfig config = new ConfigValidator(PluginRegistry.load(), ModelSource.builtInNames()).resolve(ConfigLoader.load(yaml));
        ExecutorModel.checkTaskFolders(config); // the driver's folder is here

        Files.delete(beir);
        UserFacingException e = assertThrows(UserFacingException.class, () -> ExecutorModel.checkTaskFolders(config));
        assertEquals("on host " + ExecutorTasks.host() + ": missing folder " + beir + " of task mini (a labelled set must be at the same "
                + "path on every executor, on a shared filesystem: spark.files ships files, not folders)", e.getMessage());
    }
}
