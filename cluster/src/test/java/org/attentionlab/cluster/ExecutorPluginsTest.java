package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.plugin.PluginPathEntry;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An executor loads the driver's plugin path again, and refuses a jar whose bytes are not the driver's. */
class ExecutorPluginsTest {

    @TempDir
    Path tmp;

    private static RunSpec spec(PluginRegistry driver) {
        return new RunSpec("{}", "0", driver.pluginPath().stream().map(e -> e.path().toString()).toList(), Wire.write(driver.jars()));
    }

    @Test
    void theExecutorSeesTheDriversPluginsFromItsPluginPath() {
        Path jar = PluginJars.plugin("org.example.band", "ext-band", "\"band\"").writeTo(tmp.resolve("ext-band.jar"), tmp);
        PluginRegistry driver = PluginRegistry.load(List.of(new PluginPathEntry(jar, "--plugin-path")));
        PluginRegistry executor = ExecutorModel.plugins(spec(driver));
        assertEquals(jar.toString(), executor.source("ext-band"));
        assertEquals(driver.jars(), executor.jars());
        assertTrue(executor.names().contains("full"), executor.names().toString());
    }

    @Test
    void aJarThatDiffersFromTheDriversIsOneLine() {
        Path jar = PluginJars.plugin("org.example.band", "ext-band", "\"band\"").writeTo(tmp.resolve("ext-band.jar"), tmp);
        RunSpec driverSpec = spec(PluginRegistry.load(List.of(new PluginPathEntry(jar, "--plugin-path"))));
        PluginJars.plugin("org.example.band", "ext-band", "\"band, rebuilt on this host\"").writeTo(jar, tmp);
        String message = assertThrows(UserFacingException.class, () -> ExecutorModel.plugins(driverSpec)).getMessage();
        assertTrue(message.matches("on host .+: plugin jar " + java.util.regex.Pattern.quote(jar.toString()) + " differs from the driver's "
                + java.util.regex.Pattern.quote(jar.toString()) + " \\(sha256 [0-9a-f]{12} vs [0-9a-f]{12}\\)"), message);
    }
}
