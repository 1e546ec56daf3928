package io.ringbolt.latency.throughput;
import io.ringbolt.latency.WaitKind;
import java.nio.file.*;
import java.util.*;
/** Dh3 plus per-thread scheduler stats from /proc: migrations and context switches per 1,000 events. */
public class Dh4 {
  static Map<String,long[]> sched() throws Exception {
    Map<String,long[]> m = new TreeMap<>();
    try (var ds = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
      for (Path t : ds) {
        String comm = Files.readString(t.resolve("comm")).trim();
        long mig = 0, vol = 0, inv = 0, cpu = -1;
        for (String l : Files.readAllLines(t.resolve("sched"))) {
          if (l.startsWith("se.nr_migrations")) mig = Long.parseLong(l.split(":")[1].trim());
        }
        for (String l : Files.readAllLines(t.resolve("status"))) {
          if (l.startsWith("voluntary_ctxt_switches")) vol = Long.parseLong(l.split(":")[1].trim());
          if (l.startsWith("nonvoluntary_ctxt_switches")) inv = Long.parseLong(l.split(":")[1].trim());
        }
        String[] st = Files.readString(t.resolve("stat")).split("\\) ")[1].split(" ");
        cpu = Long.parseLong(st[36]);
        m.put(comm + "#" + t.getFileName(), new long[] {mig, vol, inv, cpu});
      }
    }
    return m;
  }
  public static void main(String[] a) throws Exception {
    String impl = a[0]; int iters = Integer.parseInt(a[1]);
    Driver d = Driver.create(impl, Shape.valueOf(System.getProperty("shape", "UNICAST")), Integer.getInteger("producers", 3), Integer.getInteger("batch", 1), WaitKind.fromCli(System.getProperty("wait", "yielding")), Driver.EVENTS_PER_INVOCATION);
    long t0 = 0, n = 0; Map<String,long[]> s0 = null;
    StringBuilder per = new StringBuilder();
    for (int it = 0; it < iters; it++) {
      if (it == iters / 3) { t0 = System.nanoTime(); n = 0; s0 = sched(); }
      long a0 = System.nanoTime();
      d.invoke();
      if (it >= iters / 3 && it % 5 == 0) per.append(String.format(" %.0f", Driver.EVENTS_PER_INVOCATION / ((System.nanoTime() - a0) / 1e3)));
      n += Driver.EVENTS_PER_INVOCATION;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String,long[]> s1 = sched();
    StringBuilder sb = new StringBuilder();
    for (var e : s1.entrySet()) {
      long[] b = s0.get(e.getKey()); if (b == null) continue; long[] x = e.getValue();
      long mig = x[0]-b[0], vol = x[1]-b[1], inv = x[2]-b[2];
      if (mig + vol + inv < 50) continue;
      String nm = e.getKey().replaceAll("#.*", "");
      if (!(nm.startsWith("ringbolt") || nm.startsWith("producer") || nm.startsWith("disruptor") || nm.equals("main") || nm.equals("java"))) continue;
      sb.append(String.format(" %s[mig=%.2f vol=%.2f inv=%.2f cpu%d]", nm, mig*1e3/n, vol*1e3/n, inv*1e3/n, x[3]));
    }
    System.out.printf("%s %6.1f M/s per-inv:%s |%s%n", impl, n / secs / 1e6, per, sb);
    d.close();
    System.exit(0);
  }
}
