package org.attentionlab.core.plugin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;

/**
 * The usual factory: the raw map is checked against the {@link ParamSpec}s (one source of truth for
 * validation, defaults and the {@code plugins} table), then Jackson turns it into the plugin's parameter record.
 *
 * <p>A subclass passes its name, description, exactness, parameter record class and specs to the
 * constructor and implements {@link #create(Object)}. The record's component names must equal the spec
 * names (Jackson maps them by name; an unknown one fails); its constructor may throw {@link
 * InvalidParamsException} to reject a combination of values, and the user sees that message as it is.
 * Instances are immutable, so any thread may call them.
 *
 * @param <P> the plugin's typed parameter record
 */
@ExtensionPoint
public abstract class TypedAttentionFactory<P> implements AttentionFactory {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final PluginInfo info;
    private final ParameterSchema schema;
    private final Class<P> paramsType;
    private final CausalSupport causalSupport;

    /**
     * Describes the plugin; the specs both validate the YAML and fill the {@code plugins} table.
     *
     * @param name        the name the plugin registers under (see {@link AttentionPluginModule#registerFactory})
     * @param description one line for the {@code plugins} table
     * @param exactness   what to expect when swapping it into a trained model
     * @param paramsType  the parameter record Jackson builds from the resolved map
     * @param params      the parameters in resolution order
     */
    protected TypedAttentionFactory(String name, String description, Exactness exactness,
                                    Class<P> paramsType, List<ParamSpec> params) {
        this(name, description, exactness, CausalSupport.ENCODER_ONLY, paramsType, params);
    }

    /**
     * Describes the plugin and the models it serves ({@link #causalSupport()}); the specs both validate the
     * YAML and fill the {@code plugins} table.
     *
     * @param name          the name the plugin registers under (see {@link AttentionPluginModule#registerFactory})
     * @param description   one line for the {@code plugins} table
     * @param exactness     what to expect when swapping it into a trained model
     * @param causalSupport encoders, causal decoders or both
     * @param paramsType    the parameter record Jackson builds from the resolved map
     * @param params        the parameters in resolution order
     */
    protected TypedAttentionFactory(String name, String description, Exactness exactness, CausalSupport causalSupport,
                                    Class<P> paramsType, List<ParamSpec> params) {
        this.info = new PluginInfo(name, description, exactness, params);
        this.schema = new ParameterSchema(name, params);
        this.paramsType = paramsType;
        this.causalSupport = java.util.Objects.requireNonNull(causalSupport, "causalSupport");
    }

    @Override
    public final PluginInfo info() {
        return info;
    }

    /** The support declared to the constructor ({@link CausalSupport#ENCODER_ONLY} when none was). */
    @Override
    public CausalSupport causalSupport() {
        return causalSupport;
    }

    @Override
    public final Map<String, Object> resolveParams(Map<String, ?> raw) {
        Map<String, Object> resolved = resolveCurrent(raw);
        convert(resolved); // the record may reject a combination of values
        return resolved;
    }

    /**
     * Validated, typed parameters: {@code raw} resolved against the specs, then converted to {@code P}.
     *
     * @throws InvalidParamsException when {@code raw} is invalid or the record rejects the combination
     */
    public final P params(Map<String, ?> raw) {
        return convert(resolveCurrent(raw));
    }

    /**
     * Parameters renamed within this release line, old name to new name: the old name is still accepted with
     * the same meaning, resolves under the new one, and {@link #deprecationNotes} names it. Empty by default;
     * a subclass returns a constant map.
     */
    protected Map<String, String> renamedParams() {
        return Map.of();
    }

    /** One line per old name in {@code raw} ({@link #renamedParams()}): "parameter 'old' of plugin is deprecated: ...". */
    @Override
    public final List<String> deprecationNotes(Map<String, ?> raw) {
        List<String> notes = new ArrayList<>();
        if (raw != null) {
            renamedParams().forEach((old, current) -> {
                if (raw.containsKey(old)) {
                    notes.add("parameter '" + old + "' of " + info.name() + " is deprecated: it is now '" + current
                            + "', with the same meaning; write " + current + ": " + raw.get(old));
                }
            });
        }
        return notes;
    }

    /** {@code raw} with old names renamed, resolved against the specs; errors name the key as the user wrote it. */
    private Map<String, Object> resolveCurrent(Map<String, ?> raw) {
        Map<String, String> renamed = renamedParams();
        if (raw == null || renamed.isEmpty() || renamed.keySet().stream().noneMatch(raw::containsKey)) {
            return schema.resolve(raw);
        }
        Map<String, Object> current = new LinkedHashMap<>();
        Map<String, String> writtenAs = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String name = renamed.getOrDefault(e.getKey(), e.getKey());
            if (!name.equals(e.getKey())) {
                if (raw.containsKey(name)) {
                    throw new InvalidParamsException(e.getKey(), "give parameter '" + name + "' of " + info.name()
                            + " or its old name '" + e.getKey() + "', not both");
                }
                writtenAs.put(name, e.getKey());
            }
            current.put(name, e.getValue());
        }
        try {
            return schema.resolve(current);
        } catch (InvalidParamsException e) {
            String old = e.key() == null ? null : writtenAs.get(e.key());
            if (old == null) {
                throw e;
            }
            throw new InvalidParamsException(old, e.getMessage().replace("'" + e.key() + "'", "'" + old + "'"));
        }
    }

    private P convert(Map<String, Object> resolved) {
        try {
            return MAPPER.convertValue(resolved, paramsType);
        } catch (IllegalArgumentException e) {
            // A record's constructor may reject a combination of values; Jackson wraps that, the user wants it plain.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidParamsException invalid) {
                    throw invalid;
                }
            }
            throw e;
        }
    }

    @Override
    public final Attention create(Map<String, ?> raw) {
        return create(params(raw));
    }

    /**
     * A new attention for one layer from valid parameters; every call returns a fresh instance with its own
     * scratch (see {@link AttentionFactory#create(Map)}).
     */
    protected abstract Attention create(P params);
}
