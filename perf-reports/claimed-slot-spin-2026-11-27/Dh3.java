package io.ringbolt.latency.throughput;
import io.ringbolt.latency.WaitKind;
import java.util.*;
public class Dh3 {
  public static void main(String[] a) throws Exception {
    String impl = a[0]; int iters = Integer.parseInt(a[1]);
    Driver d = Driver.create(impl, Shape.valueOf(System.getProperty("shape", "UNICAST")), Integer.getInteger("producers", 3), Integer.getInteger("batch", 1), WaitKind.fromCli(System.getProperty("wait", "yielding")), Driver.EVENTS_PER_INVOCATION);
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = 0, n = 0; Map<Long,Long> c0 = new HashMap<>();
    for (int it = 0; it < iters; it++) {
      if (it == iters / 3) { t0 = System.nanoTime(); n = 0; for (long id : mx.getAllThreadIds()) c0.put(id, mx.getThreadCpuTime(id)); }
      d.invoke();
      n += Driver.EVENTS_PER_INVOCATION;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    StringBuilder sb = new StringBuilder();
    for (long id : mx.getAllThreadIds()) { Long s = c0.get(id); if (s == null) continue; long c = mx.getThreadCpuTime(id) - s; if (c * 100 < secs * 1e9) continue; var ti = mx.getThreadInfo(id); sb.append(String.format(" %s=%.1f", ti == null ? id : ti.getThreadName(), (double) c / n)); }
    System.out.printf("%s %6.1f M/s  cpu ns/ev:%s%n", impl, n / secs / 1e6, sb);
    d.close();
    System.exit(0);
  }
}
