#!/bin/bash
# Used for ab-spin.log with: spin=/tmp/s19/spin (the flag-only tree plus claimed-slot-spin.patch, its spin reading the slot flag only, no stage-count limit), new=/work/main (flag-only, no spin), dis=/work/main:disruptor.
# ab2.sh ROUNDS BENCH name=tree:impl ... : alternating single JMH forks, order rotating each round; round trip first.
R=$1; B=$2; shift 2
V=("$@"); N=${#V[@]}
for i in $(seq 1 $R); do
  rt=$(java -cp /tmp:/work/main/latency-tests/target/classes Lrt)
  line="round $i rt $rt"
  for k in $(seq 0 $((N-1))); do
    v=${V[$(( (k + i) % N ))]}
    name=${v%%=*}; rest=${v#*=}; tree=${rest%%:*}; impl=${rest#*:}
    s=$( (cd $tree && bin/ringbolt jmh $B -p impl=$impl -wi 3 -i 5 -f 1 -w 1 -r 1 2>&1) | grep -E "\.run " | tail -1 | awk '{print $(NF-3)/1e6}')
    line="$line $name $s"
  done
  echo "$line"
done
