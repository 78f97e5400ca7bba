#!/usr/bin/env bash
# Starts a Spark standalone master and one worker on 127.0.0.1 from the Maven artifacts (no Spark
# distribution: the worker's SPARK_HOME is a folder of links to the jars of cluster/target/classpath.txt),
# runs a quickstart-sized sweep through them with spark-submit's entry point and attnlab-cluster.jar,
# checks the run folder, and stops both. Exit 0 when the run folder is complete; every log is kept in
# the work folder it prints. Usage: cluster/standalone-check.sh   (builds the jar with -Pcluster-jar when missing)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/cluster/target"
jar="$target/attnlab-cluster.jar"
if [ ! -f "$jar" ] || [ ! -f "$target/classpath.txt" ]; then
  echo "standalone-check: building (mvn -B -q -DskipTests -Pcluster-jar package)" >&2
  (cd "$root" && mvn -B -q -DskipTests -Pcluster-jar package)
fi
spark_cp="$(cat "$target/classpath.txt")"
work="$(mktemp -d "${TMPDIR:-/tmp}/attnlab-standalone.XXXXXX")"
echo "standalone-check: work folder $work"

# The worker builds its executors' classpath from SPARK_HOME/jars (a RELEASE file marks a distribution).
home="$work/spark-home"
mkdir -p "$home/jars"
touch "$home/RELEASE"
IFS=: read -r -a jars <<< "$spark_cp"
for j in "${jars[@]}"; do ln -sf "$j" "$home/jars/"; done
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_DIRS="$work/local" SPARK_WORKER_DIR="$work/worker" SPARK_LOG_DIR="$work"

opens=()
for pkg in java.base/java.lang java.base/java.lang.invoke java.base/java.lang.reflect java.base/java.io java.base/java.net \
           java.base/java.nio java.base/java.util java.base/java.util.concurrent java.base/java.util.concurrent.atomic \
           java.base/jdk.internal.ref java.base/sun.nio.ch java.base/sun.nio.cs java.base/sun.security.action \
           java.base/sun.util.calendar; do
  opens+=("--add-opens=$pkg=ALL-UNNAMED")
done
opens+=("-Djdk.reflect.useDirectMethodHandle=false" "-Dio.netty.tryReflectionSetAccessible=true")

# A port in 20000-59999 that nothing on 127.0.0.1 listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
master_port="$(free_port)"
master_url="spark://127.0.0.1:$master_port"

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

java -Xmx256m "${opens[@]}" -cp "$spark_cp" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port "$(free_port)" > "$work/master.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 120); do
  (echo > "/dev/tcp/127.0.0.1/$master_port") 2>/dev/null && break
  sleep 0.5
done
java -Xmx256m "${opens[@]}" -cp "$spark_cp" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --webui-port "$(free_port)" --cores 2 --memory 1536m "$master_url" > "$work/worker.log" 2>&1 &
pids+=("$!")

# A quickstart-sized sweep: the quickstart's sizes and variants on fewer documents, into the work folder.
config="$work/standalone.yaml"
sed -e "s|^name: quickstart|name: standalone|" -e "s|documents: 6|documents: 4|" \
    -e "s|^output: .*|output: $work/results|" "$root/configs/quickstart.yaml" > "$config"

set +e
timeout 900 java -Xmx1g -Xss4m --add-modules jdk.incubator.vector "${opens[@]}" -cp "$spark_cp" \
  org.apache.spark.deploy.SparkSubmit --class org.attentionlab.runners.cli.AttnLab --master "$master_url" \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.executor.memory=1g --conf spark.executor.cores=2 \
  --driver-java-options "--add-modules jdk.incubator.vector -Xss4m" \
  "$jar" run "$config" --no-progress --engine spark --master "$master_url" 2>&1 | tee "$work/driver.log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "standalone-check: FAILED: the sweep exited $status (logs in $work)" >&2
  exit 1
fi

run="$(ls -d "$work"/results/*/ | head -1)"
cells=15 # 5 sizes x 3 variants
for f in run.json cells.jsonl results.json results.csv report.md report.html; do
  [ -f "$run/$f" ] || { echo "standalone-check: FAILED: $run$f is missing" >&2; exit 1; }
done
ok="$(grep -c '"status":"ok"' "$run/cells.jsonl")"
[ "$ok" -eq "$cells" ] || { echo "standalone-check: FAILED: $ok of $cells cells ok in $run/cells.jsonl" >&2; exit 1; }
[ "$(grep -c '"timedOn":{"host"' "$run/cells.jsonl")" -eq "$cells" ] || { echo "standalone-check: FAILED: a cell without its timing host" >&2; exit 1; }
grep -q '^## Timed on' "$run/report.md" || { echo "standalone-check: FAILED: report.md has no 'Timed on' table" >&2; exit 1; }
echo "standalone-check: OK: $cells cells on $master_url, run folder $run"
