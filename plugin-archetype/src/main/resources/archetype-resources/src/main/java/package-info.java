/**
 * The attention plugin {@code ${pluginName}}: its parameters, attention, factory and the Guice module that attnlab
 * finds through {@code META-INF/services} when the jar is on the plugin path ({@code --plugin-path}).
 */
package ${package};
