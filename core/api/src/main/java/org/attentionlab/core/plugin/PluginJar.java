package org.attentionlab.core.plugin;

/**
 * One jar loaded from the plugin path, as a run records it (run.json and results.json): a resume refuses a
 * jar whose SHA-256 changed behind its path, as it refuses a changed model.
 *
 * @param path       the jar's absolute, normalised path
 * @param sha256     SHA-256 of its bytes, lower-case hex
 * @param version    the version its manifest declares ({@code Implementation-Version}), or null
 * @param apiVersion the plugin API version it was built against (manifest {@value ApiVersion#MANIFEST_ATTRIBUTE});
 *                   null for a dependency jar that holds no plugin module
 */
public record PluginJar(String path, String sha256, String version, String apiVersion) {
}
