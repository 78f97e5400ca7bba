#!/usr/bin/env bash
# Issue 20's check of plugins from outside the repository, run by .ci/run after the reactor build:
#  1. installs core-api (with its test-jar) and attnlab-plugin-archetype into the Maven repository
#     (MAVEN_REPO_LOCAL, when set, names another repository: a developer's scratch copy);
#  2. builds this example (the strided plugin) against the installed core-api, offline, contract tests included;
#  3. runs a small kernel experiment with it through --plugin-path and checks results.json records the jar;
#  4. generates a fresh project from the archetype in a temp folder and builds it offline (mvn verify),
#     then lists it with ./attnlab plugins --plugin-path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repo=()
[ -n "${MAVEN_REPO_LOCAL:-}" ] && repo=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -1)" # the parent's own version
work="$(mktemp -d "${TMPDIR:-/tmp}/attnlab-plugin-check.XXXXXX")"
echo "plugin-check: attnlab $version, work folder $work"

(cd "$root" && mvn -B -q "${repo[@]}" -DskipTests install -pl core/api,plugin-archetype -am)

# 2. the example, against the core-api just installed (its pom's attnlab.version follows the project's)
(cd "$here" && mvn -B -o -q "${repo[@]}" -Dattnlab.version="$version" clean verify)
jar="$(ls "$here"/target/strided-attention-*.jar | head -1)"

# 3. a small experiment through --plugin-path (experiment.yaml without its plugins: line)
sed -e '/^plugins:/d' -e "s|^output: .*|output: $work/results|" "$here/experiment.yaml" > "$work/strided.yaml"
"$root/attnlab" run "$work/strided.yaml" --no-progress --plugin-path "$jar" > "$work/run.log" 2>&1 \
  || { cat "$work/run.log"; echo "plugin-check: FAILED: the run with --plugin-path $jar failed" >&2; exit 1; }
results="$(ls -d "$work"/results/*/ | head -1)results.json"
sha="$(sha256sum "$jar" | cut -d' ' -f1)"
grep -q "\"sha256\" *: *\"$sha\"" "$results" || { echo "plugin-check: FAILED: $results does not record $jar ($sha)" >&2; exit 1; }
[ "$(grep -c '"status" *: *"ok"' "$results")" -eq 4 ] || { echo "plugin-check: FAILED: not every cell of $results is ok" >&2; exit 1; }

# 4. a fresh project from the archetype, built offline beyond the Maven repository
(cd "$work" && mvn -B -q "${repo[@]}" archetype:generate -DarchetypeGroupId=org.attentionlab \
  -DarchetypeArtifactId=attnlab-plugin-archetype -DarchetypeVersion="$version" -DgroupId=org.example \
  -DartifactId=fresh-plugin -Dversion=1.0 -Dpackage=org.example.fresh -DpluginName=fresh -DinteractiveMode=false)
[ -f "$work/fresh-plugin/src/main/java/org/example/fresh/package-info.java" ] \
  && grep -q '^package org.example.fresh;$' "$work/fresh-plugin/src/main/java/org/example/fresh/package-info.java" \
  || { echo "plugin-check: FAILED: the generated project has no package-info.java for org.example.fresh" >&2; exit 1; }
(cd "$work/fresh-plugin" && mvn -B -o -q "${repo[@]}" verify)
"$root/attnlab" plugins --plugin-path "$work/fresh-plugin/target/fresh-plugin-1.0.jar" > "$work/plugins.txt"
grep -Eq "^fresh +training-free approximation +$work/fresh-plugin/target/fresh-plugin-1.0.jar " "$work/plugins.txt" \
  || { cat "$work/plugins.txt"; echo "plugin-check: FAILED: ./attnlab plugins does not list the generated plugin with its jar" >&2; exit 1; }
echo "plugin-check: OK: strided built against core-api $version and run through --plugin-path ($results); a fresh archetype project built and listed"
