#!/bin/bash
# forks.sh ROUNDS BENCH impl... : alternating single JMH forks with the scratch placement sampler; round trip before each
R=$1; B=$2; shift 2
for i in $(seq 1 $R); do for impl in "$@"; do
  rt=$(java -cp /tmp:/work/main/latency-tests/target/classes Lrt)
  out=$(cd /tmp/vmp && RINGBOLT_CLASSPATH=/tmp/pp/classes bin/ringbolt jmh $B -p impl=$impl -wi 3 -i 5 -f 1 -w 1 -r 1 -prof PlacementProfiler 2>&1)
  s=$(echo "$out" | grep -E "\.run " | tail -1 | awk '{print $6/1e6}')
  echo "$impl $s rt $rt"
  echo "$out" | grep PLACEMENT | tail -5 | sed 's/^/    /'
done; done
