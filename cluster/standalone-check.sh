#!/usr/bin/env bash
# Starts a Spark standalone master and one worker on 127.0.0.1 from the Maven artifacts (no Spark
# distribution: the worker's SPARK_HOME is a folder of links to the jars of cluster/target/classpath.txt),
# runs a quickstart-sized sweep through them with spark-submit's entry point and attnlab-cluster.jar on two
# executors of one core each, kills one executor JVM while it runs a task (the master starts another, the
# task reruns), checks the run folder (every cell exactly once, all ok, the accuracy of the same sweep on
# the local engine to 1e-6), and stops both. Exit 0 when all holds; every log is kept in the work folder it
# prints. Usage: cluster/standalone-check.sh   (builds the jar with -Pcluster-jar when missing)
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
  --host 127.0.0.1 --webui-port "$(free_port)" --cores 2 --memory 2560m "$master_url" > "$work/worker.log" 2>&1 &
worker="$!"
pids+=("$worker")

# A quickstart-sized sweep: the quickstart's sizes and variants on fewer documents, one document per task
# (many tasks to lose), into the work folder; the same sweep, untimed, for the local engine.
config="$work/standalone.yaml"
sed -e "s|^name: quickstart|name: standalone|" -e "s|documents: 6|documents: 4|" \
    -e "s|^output: .*|output: $work/results|" "$root/configs/quickstart.yaml" > "$config"
echo "execution: { engine: spark, documentsPerTask: 1 }" >> "$config"
# Issue 20: a plugin from outside the repository on the executors too, when examples/external-plugin/check.sh
# built it (.ci/run does, first): its jar under plugins:, one more variant.
cells=15 # 5 sizes x 3 variants
plugin_jar="$(ls "$root"/examples/external-plugin/target/strided-attention-*.jar 2>/dev/null | head -1 || true)"
if [ -n "$plugin_jar" ]; then
  echo "plugins: [$plugin_jar]" >> "$config"
  sed -i '/name: linear/a\  - { name: strided, label: strided-8x32, params: { local: 8, stride: 32 } }' "$config"
  cells=20
fi
local_config="$work/local.yaml"
sed -e "s|warmup: 2, repetitions: 5|warmup: 0, repetitions: 1|" -e "s|^output: .*|output: $work/local|" \
    -e "s|^execution: .*||" "$config" > "$local_config"

# The driver's status API (its web UI on a free port) says which executor runs a task and how many tasks
# failed; the executors are the worker's child processes, each named by --executor-id on its command line.
ui_port="$(free_port)"
http_get() { # PATH: the body of http://127.0.0.1:$ui_port/PATH, or nothing
  { exec 3<>"/dev/tcp/127.0.0.1/$ui_port"; } 2>/dev/null || return 0
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
  sed '1,/^\r*$/d' <&3 || true
  exec 3>&-
}
app_id() { http_get /api/v1/applications | sed -n 's/.*"id" *: *"\(app-[^"]*\)".*/\1/p' | head -1; }
busy_executor() { # the pid of an executor JVM with a task running now, or nothing
  local app id pid
  app="$(app_id)"
  [ -n "$app" ] || return 0
  for id in $(http_get "/api/v1/applications/$app/executors" | awk -F'"' '/"id" :/ {id=$4} /"activeTasks" :/ {gsub(/[^0-9]/, "", $3); if ($3 > 0 && id != "driver") print id}'); do
    for pid in $(ps -o pid= --ppid "$worker"); do
      if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--executor-id $id "; then
        echo "$pid"
        return 0
      fi
    done
  done
}
failed_tasks() { # tasks of the sweep that failed (a lost executor's), summed over its stages
  local app
  app="$(app_id)"
  [ -n "$app" ] || { echo 0; return 0; }
  http_get "/api/v1/applications/$app/stages" | awk -F: '/"numFailedTasks"/ {gsub(/[^0-9]/, "", $2); n += $2} END {print n + 0}'
}

set +e
timeout 900 java -Xmx1g -Xss4m --add-modules jdk.incubator.vector "${opens[@]}" -cp "$spark_cp" \
  org.apache.spark.deploy.SparkSubmit --class org.attentionlab.runners.cli.AttnLab --master "$master_url" \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.executor.memory=1g --conf spark.executor.cores=1 \
  --conf spark.ui.enabled=true --conf spark.ui.port="$ui_port" \
  --driver-java-options "--add-modules jdk.incubator.vector -Xss4m" \
  "$jar" run "$config" --no-progress --engine spark --master "$master_url" > "$work/driver.log" 2>&1 &
driver="$!"
# Mid-sweep (a size done, so both executors have worked): kill -9 an executor while it runs a task, until
# the driver counts a task lost with it (a task may end between the look and the kill: then another try).
killed=""
lost=0
while kill -0 "$driver" 2>/dev/null; do
  if [ "$lost" -eq 0 ] && [ "$(cat "$work"/results/*/cells.jsonl 2>/dev/null | wc -l)" -ge 3 ]; then
    lost="$(failed_tasks)"; lost="${lost:-0}"
    if [ "$lost" -eq 0 ] && pid="$(busy_executor)" && [ -n "$pid" ]; then
      echo "standalone-check: killing executor JVM $pid while it runs a task"
      kill -9 "$pid"
      killed="$killed $pid"
      sleep 2
      lost="$(failed_tasks)"; lost="${lost:-0}"
    fi
  fi
  sleep 0.2
done
wait "$driver"
status=$?
set -e
cat "$work/driver.log"
if [ "$status" -ne 0 ]; then
  echo "standalone-check: FAILED: the sweep exited $status (logs in $work)" >&2
  exit 1
fi
[ "$lost" -gt 0 ] || { echo "standalone-check: FAILED: no task was lost with a killed executor (killed:${killed:- none}; logs in $work)" >&2; exit 1; }
[ "$(ls -d "$work"/worker/app-*/*/ | wc -l)" -gt 2 ] || { echo "standalone-check: FAILED: no executor replaced the killed one" >&2; exit 1; }

run="$(ls -d "$work"/results/*/ | head -1)"
for f in run.json cells.jsonl results.json results.csv report.md report.html; do
  [ -f "$run/$f" ] || { echo "standalone-check: FAILED: $run$f is missing" >&2; exit 1; }
done
ok="$(grep -c '"status":"ok"' "$run/cells.jsonl")"
[ "$ok" -eq "$cells" ] || { echo "standalone-check: FAILED: $ok of $cells cells ok in $run/cells.jsonl" >&2; exit 1; }
[ "$(grep -c '"timedOn":{"host"' "$run/cells.jsonl")" -eq "$cells" ] || { echo "standalone-check: FAILED: a cell without its timing host" >&2; exit 1; }
grep -q '^## Timed on' "$run/report.md" || { echo "standalone-check: FAILED: report.md has no 'Timed on' table" >&2; exit 1; }

# The same sweep on the local engine (the jar leaves Jackson to Spark's jars): every cell once, its accuracy equal.
java -Xmx1g -Xss4m --add-modules jdk.incubator.vector -cp "$jar:$spark_cp" org.attentionlab.runners.cli.AttnLab \
  run "$local_config" --no-progress --engine local > "$work/local.log" 2>&1 \
  || { echo "standalone-check: FAILED: the local run failed (log $work/local.log)" >&2; exit 1; }
java -cp "$jar:$spark_cp" "$root/cluster/src/test/standalone/StandaloneCheck.java" "$run" "$(ls -d "$work"/local/*/ | head -1)"
[ -z "$plugin_jar" ] || grep -q '"label":"strided-8x32"' "$run/cells.jsonl" \
  || { echo "standalone-check: FAILED: no cell of the external plugin strided in $run/cells.jsonl" >&2; exit 1; }
echo "standalone-check: OK: $cells cells${plugin_jar:+ (one variant from $plugin_jar)} on $master_url with executor JVM${killed} killed mid-task ($lost task(s) lost and rerun), run folder $run"
