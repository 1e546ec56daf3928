#!/usr/bin/env bash
# Proves that a project outside this build can depend on Ringbolt by its coordinates alone (docs/using.md):
#   1. installs the published artifacts (parent poms, BOM, engine, journal, tools, connectors; with -Prelease their
#      sources and javadoc jars) into a THROWAWAY local repository, a copy of ~/.m2/repository, so that no Ringbolt
#      SNAPSHOT lands in the shared ~/.m2 that others build against;
#   2. checks what was installed: every jar names its module, nothing unpublished is there, and the journal's
#      dependency tree holds no command-line library;
#   3. builds, tests (Surefire with the flag) and runs (exec:exec with the flag) examples/consumer against it;
#   4. runs the consumer once without the flag and expects the one-line error that names it.
# Usage: examples/consumer/verify.sh [--quick] [--keep]   (--quick: no sources/javadoc jars; --keep: keep the repository)
# Offline (-o): everything it needs is already in ~/.m2 after one build of the project.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
consumer="$root/examples/consumer"
release=(-Prelease)
keep=false
for arg in "$@"; do
  case "$arg" in
    --quick) release=() ;;
    --keep) keep=true ;;
    *) echo "verify.sh: unknown option '$arg' (usage: verify.sh [--quick] [--keep])" >&2; exit 2 ;;
  esac
done

fail() { echo "verify.sh: FAILED: $*" >&2; exit 1; }

# The project's version: the first <version> of the root pom is the project's own (it has no parent).
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
[ -n "$version" ] || fail "cannot read the version from $root/pom.xml"

work=$(mktemp -d -t ringbolt-consumer.XXXXXX)
repo="$work/m2"
if [ "$keep" = false ]; then trap 'rm -rf "$work"' EXIT; fi
shared="$HOME/.m2/repository"
fingerprint() { find "$shared/io/ringbolt" -printf '%P %T@ %s\n' 2>/dev/null | sort | md5sum; }
before=$(fingerprint)

echo "== copying $shared to $repo (without io/ringbolt)"
cp -a "$shared" "$repo"
rm -rf "$repo/io/ringbolt"

echo "== installing Ringbolt $version into $repo ${release[*]:-}"
mvn -B -q -o -f "$root/pom.xml" -Dmaven.repo.local="$repo" ${release[@]+"${release[@]}"} install -DskipTests \
  -pl bom,engine,journal,tools,connectors/core,connectors/kafka,connectors/rabbitmq -am

echo "== checking what was installed"
published=(ringbolt-engine ringbolt-journal ringbolt-tools ringbolt-connectors-core ringbolt-connectors-kafka
  ringbolt-connectors-rabbitmq)
for artifact in "${published[@]}"; do
  dir="$repo/io/ringbolt/$artifact/$version"
  jar="$dir/$artifact-$version.jar"
  [ -f "$jar" ] || fail "$jar was not installed"
  name=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')
  [ -n "$name" ] || fail "$jar has no Automatic-Module-Name"
  echo "$artifact: Automatic-Module-Name $name"
  if [ ${#release[@]} -gt 0 ]; then
    for classifier in sources javadoc; do
      [ -f "$dir/$artifact-$version-$classifier.jar" ] || fail "$artifact has no $classifier jar"
    done
  fi
done
[ -f "$repo/io/ringbolt/ringbolt-bom/$version/ringbolt-bom-$version.pom" ] || fail "ringbolt-bom was not installed"
for unpublished in ringbolt-examples ringbolt-latency-tests ringbolt-perf-reports; do
  [ ! -e "$repo/io/ringbolt/$unpublished" ] || fail "$unpublished was installed but is not published"
done
if [ ${#release[@]} -gt 0 ]; then
  javadoc="$repo/io/ringbolt/ringbolt-engine/$version/ringbolt-engine-$version-javadoc.jar"
  if unzip -p "$javadoc" '*.html' | grep -qE 'id="p[0-9]{2,3}"|\bp000\b'; then
    fail "the engine's javadoc lists padding fields"
  fi
  echo "engine javadoc: no padding fields"
fi

echo "== dependency tree of ringbolt-journal"
tree="$work/journal-tree.txt"
mvn -B -q -o -f "$root/pom.xml" -Dmaven.repo.local="$repo" dependency:tree -pl journal -DoutputFile="$tree"
cat "$tree"
if grep -qiE 'picocli|progressbar|jline' "$tree"; then fail "ringbolt-journal depends on a command-line library"; fi

echo "== building, testing and running the consumer"
mvn -B -f "$consumer/pom.xml" -Dmaven.repo.local="$repo" -Dringbolt.version="$version" \
  clean verify exec:exec | tee "$work/consumer.log" \
  | grep -E 'Tests run:|orders summed|BUILD|ERROR' || true
grep -q 'BUILD SUCCESS' "$work/consumer.log" || fail "the consumer did not build (log: $work/consumer.log)"
grep -q "ringbolt $version: 100000 orders summed, 100000 journaled" "$work/consumer.log" \
  || fail "the consumer's run did not journal and sum every order"

echo "== running the consumer without the flag"
classpath="$work/classpath.txt"
mvn -B -q -f "$consumer/pom.xml" -Dmaven.repo.local="$repo" -Dringbolt.version="$version" \
  dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath"
status=0
java -cp "$consumer/target/classes:$(cat "$classpath")" com.example.orders.OrdersApp "$work/no-flag-journal" 10 \
  >"$work/no-flag.out" 2>"$work/no-flag.err" || status=$?
head -n 1 "$work/no-flag.err"
[ "$status" -ne 0 ] || fail "the consumer ran without the flag"
head -n 1 "$work/no-flag.err" | grep -qF 'java.lang.IllegalStateException: Ringbolt needs the JVM flag --add-exports java.base/jdk.internal.misc=ALL-UNNAMED' \
  || fail "without the flag the first line is not Ringbolt's one-line error"
if grep -q IllegalAccessError "$work/no-flag.err"; then fail "without the flag Agrona's IllegalAccessError leaked"; fi
rm -rf "$consumer/target"

if [ "$(fingerprint)" != "$before" ]; then
  echo "verify.sh: WARNING: $shared/io/ringbolt changed while this ran (another build may have installed into it)" >&2
fi
echo "verify.sh: OK (Ringbolt $version, repository $repo$([ "$keep" = true ] && echo ', kept' || echo ', removed'))"
