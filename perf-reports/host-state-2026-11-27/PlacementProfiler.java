import java.nio.file.*;
import java.util.*;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;

/**
 * Scratch: samples every 20 ms which CPU each busy thread is on; prints per iteration which threads shared a CPU.
 * Kept as run for forks-3p1c.log and forks-diamond.log. The "Three" prefix in busy() was meant for JMH's worker
 * thread and never matched (its /proc name is the benchmark's package, cut to 15 characters), so the worker is not
 * sampled; the 20 ms sleep is the sampling period, not a wait for anything.
 */
public final class PlacementProfiler implements InternalProfiler {
  private volatile boolean run;
  private Thread sampler;
  private final Map<String, int[]> onCpu = new TreeMap<>(); // name -> count per cpu
  private final Map<String, Integer> together = new TreeMap<>();
  private int samples;
  private long migrations0;

  static String comm(Path t) { try { return Files.readString(t.resolve("comm")).trim(); } catch (Exception e) { return null; } }
  static int cpu(Path t) { try { String s = Files.readString(t.resolve("stat")); String[] f = s.substring(s.lastIndexOf(") ") + 2).split(" "); return Integer.parseInt(f[36]); } catch (Exception e) { return -1; } }
  static boolean busy(String n) { return n != null && (n.contains("jmh-worker") || n.startsWith("producer") || n.startsWith("ringbolt") || n.startsWith("disruptor") || n.startsWith("Three")); }
  static long migrations() { long m = 0; try (var ds = Files.newDirectoryStream(Paths.get("/proc/self/task"))) { for (Path t : ds) { if (!busy(comm(t))) continue; for (String l : Files.readAllLines(t.resolve("sched"))) if (l.startsWith("se.nr_migrations")) m += Long.parseLong(l.split(":")[1].trim()); } } catch (Exception e) {} return m; }

  @Override public String getDescription() { return "placement"; }
  @Override public void beforeIteration(BenchmarkParams b, IterationParams i) {
    onCpu.clear(); together.clear(); samples = 0; migrations0 = migrations(); run = true;
    sampler = new Thread(() -> {
      while (run) {
        try { Thread.sleep(20); } catch (InterruptedException e) { return; }
        Map<String,Integer> now = new TreeMap<>();
        try (var ds = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
          for (Path t : ds) { String n = comm(t); if (!busy(n)) continue; int c = cpu(t); if (c < 0) continue; now.put(n + "/" + t.getFileName(), c); }
        } catch (Exception e) { continue; }
        synchronized (onCpu) {
          samples++;
          for (var e : now.entrySet()) onCpu.computeIfAbsent(e.getKey(), k -> new int[4])[e.getValue() & 3]++;
          List<String> ks = new ArrayList<>(now.keySet());
          for (int x = 0; x < ks.size(); x++) for (int y = x + 1; y < ks.size(); y++) if (now.get(ks.get(x)).equals(now.get(ks.get(y)))) together.merge(ks.get(x).replaceAll("/.*","") + "+" + ks.get(y).replaceAll("/.*",""), 1, Integer::sum);
        }
      }
    }, "placement-sampler");
    sampler.setDaemon(true); sampler.start();
  }
  @Override public Collection<? extends Result> afterIteration(BenchmarkParams b, IterationParams i, IterationResult r) {
    run = false; try { sampler.join(); } catch (InterruptedException e) {}
    StringBuilder sb = new StringBuilder();
    synchronized (onCpu) {
      double score = r.getPrimaryResult().getScore() / 1e6;
      sb.append(String.format("PLACEMENT %s %.1f M/s mig=%d n=%d |", b.getParam("impl"), score, migrations() - migrations0, samples));
      for (var e : together.entrySet()) if (e.getValue() * 10 >= samples) sb.append(String.format(" %s=%.2f", e.getKey(), e.getValue() / (double) samples));
    }
    System.out.println(sb);
    return List.of();
  }
}
