package org.attentionlab.core.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type of the plugin API that an attention plugin implements, extends or calls, and that therefore
 * stays stable, as Apache Druid's {@code @ExtensionPoint} does for its extensions.
 *
 * <p>The promise: within one release line of attention-lab (a minor version while the project is 0.x, a
 * major one from 1.0) a marked type only grows. New members come as default methods, new static factories
 * or new overloads; no member is removed or renamed, no signature changes, and no documented contract
 * (units, shapes, the row-major {@code [head][n x dHead]} layout, which thread may call, what is thrown)
 * is weakened. A plugin jar built against one release of a line therefore loads and behaves the same under
 * every later release of that line. A breaking change waits for the next line and is listed in the plugin
 * contract section of ARCHITECTURE.md. The promise covers the type's public and protected members and its
 * nested types. core-api's build checks it: japicmp compares every marked type with the recorded API of the
 * release line ({@code core/api/api-baseline/}) and fails {@code mvn verify} on an incompatible change, and
 * {@link ApiVersion} refuses a plugin jar built against another line or a newer version.
 *
 * <p>Public types of the API packages without this mark (for example {@code PluginRegistry},
 * {@code ParameterSchema}, {@code Linear}, {@code Gemm}) are public so that the project's own modules
 * (core-model, runners, benchmarks) can use them; they may change in any release, and a plugin that uses
 * them takes that risk. The mark is kept at run time so that tests (and tools) can list the contract by
 * reflection.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExtensionPoint {
}
