package org.attentionlab.runners.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an experiment's tasks run: in this JVM ({@code local}, the default) or on Apache Spark executors
 * ({@code spark}, from the {@code cluster} module, embedded {@code local[*]} unless a master is given).
 * The command line's {@code --engine} and {@code --master} override the file. Resuming a run may use either
 * engine: the engine decides where the work runs, not what is measured.
 *
 * @param engine           {@code local} or {@code spark}
 * @param master           the Spark master URL ({@code local[*]}, {@code local[N]}, {@code spark://HOST:PORT},
 *                         {@code yarn}, {@code k8s://...}); null for the local engine
 * @param documentsPerTask documents per accuracy task on Spark (a cell is split into tasks of this many
 *                         documents); null for the local engine, which runs a cell as one task
 */
public record ExecutionSpec(String engine, String master, Integer documentsPerTask) {

    public static final String LOCAL = "local";
    public static final String SPARK = "spark";
    public static final List<String> ENGINES = List.of(LOCAL, SPARK);
    public static final String DEFAULT_MASTER = "local[*]";
    public static final int DEFAULT_DOCUMENTS_PER_TASK = 8;

    private static final Pattern LOCAL_MASTER = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,([1-9][0-9]*))?])?");
    private static final Pattern SPARK_MASTER = Pattern.compile("spark://[A-Za-z0-9.\\-]+:[0-9]{1,5}(,[A-Za-z0-9.\\-]+:[0-9]{1,5})*");
    private static final Pattern OTHER_MASTER = Pattern.compile("yarn|k8s://.+|local-cluster\\[[0-9]+,[0-9]+,[0-9]+]");

    public static ExecutionSpec defaults() {
        return new ExecutionSpec(LOCAL, null, null);
    }

    public boolean isSpark() {
        return SPARK.equals(engine);
    }

    /**
     * Resolves the engine settings: fills the defaults and checks them against {@code threads}
     * ({@code measure.threads}).
     *
     * @param where prefix of every message: the file position, or {@code --engine} for the command line
     * @throws ConfigException (exit 2) on an unknown engine, a malformed master URL, a setting the local
     *                         engine does not take, or more threads than an executor of the master has cores
     */
    public static ExecutionSpec resolve(String engine, String master, Integer documentsPerTask, int threads, String where) {
        String e = engine == null ? (master != null || documentsPerTask != null ? SPARK : LOCAL) : engine;
        if (!ENGINES.contains(e)) {
            throw new ConfigException(where + "unknown engine '" + e + "'; known: " + String.join(", ", ENGINES));
        }
        if (e.equals(LOCAL)) {
            if (master != null) {
                throw new ConfigException(where + "'master' applies to engine spark only, got engine local");
            }
            if (documentsPerTask != null) {
                throw new ConfigException(where + "'documentsPerTask' applies to engine spark only, got engine local");
            }
            return defaults();
        }
        String m = master == null ? DEFAULT_MASTER : master.trim();
        int cores = coresPerExecutor(m, where);
        if (cores > 0 && threads > cores) {
            Matcher local = LOCAL_MASTER.matcher(m);
            boolean machineBound = local.matches() && local.group(2) != null && !local.group(2).equals("*")
                    && (local.group(2).length() > 9 || Integer.parseInt(local.group(2)) > cores); // local[N] past the machine's cores
            throw new ConfigException(where + "measure.threads is " + threads + " but an executor of master " + m + " has "
                    + cores + (cores == 1 ? " core" : " cores") + (machineBound ? " (this machine's)" : "")
                    + "; a timed task needs measure.threads cores (lower measure.threads or use more cores)");
        }
        int chunk = documentsPerTask == null ? DEFAULT_DOCUMENTS_PER_TASK : documentsPerTask;
        if (chunk < 1) {
            throw new ConfigException(where + "'documentsPerTask' must be >= 1, got " + chunk);
        }
        return new ExecutionSpec(SPARK, m, chunk);
    }

    /**
     * The cores of one executor a master gives, when the URL says (local modes), else 0 (a cluster's
     * executors are sized by the cluster; Spark itself refuses a task that needs more cores than an executor has).
     * A local master's executor is this JVM: {@code local[N]} gives N task slots, but no more cores than the
     * machine has, and a timed task needs real cores.
     */
    static int coresPerExecutor(String master, String where) {
        Matcher local = LOCAL_MASTER.matcher(master);
        if (local.matches()) {
            String count = local.group(2);
            int machine = Runtime.getRuntime().availableProcessors();
            if (count == null) {
                return 1;
            }
            return count.equals("*") || count.length() > 9 ? machine : Math.min(machine, Integer.parseInt(count));
        }
        if (SPARK_MASTER.matcher(master).matches() || OTHER_MASTER.matcher(master).matches()) {
            return 0;
        }
        throw new ConfigException(where + "malformed master URL '" + master
                + "'; expected local, local[N], local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT");
    }
}
