#!/bin/bash
# Run with /work/main holding the flag-only scan (no spin yet) and /tmp/vmp a clone at fb22d16 (the engine before it), both built; prints M events/s per fork (ab-3p1c.log).
# ab.sh ROUNDS BENCH : alternating single JMH forks: new engine (/work/main), old engine (/tmp/vmp), Disruptor;
# the order rotates each round; cache line round trip before each round.
R=$1; B=$2
run() { # tree impl
  (cd $1 && bin/ringbolt jmh $B -p impl=$2 -wi 3 -i 5 -f 1 -w 1 -r 1 2>&1) | grep -E "\.run " | tail -1 | awk '{print $(NF-3)/1e6}'
}
for i in $(seq 1 $R); do
  rt=$(java -cp /tmp:/work/main/latency-tests/target/classes Lrt)
  case $((i % 3)) in
    1) order="new old dis";; 2) order="old dis new";; 0) order="dis new old";;
  esac
  line="round $i rt $rt"
  for o in $order; do
    case $o in
      new) s=$(run /work/main ringbolt);; old) s=$(run /tmp/vmp ringbolt);; dis) s=$(run /work/main disruptor);;
    esac
    line="$line $o $s"
  done
  echo "$line"
done
