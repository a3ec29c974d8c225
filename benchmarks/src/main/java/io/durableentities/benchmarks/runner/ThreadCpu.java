package io.durableentities.benchmarks.runner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time by thread group over a window, to tell which part of the product a scenario's CPU goes
 * to: the gRPC transport threads (client and server share Netty's event loops in one JVM), the
 * scheduler's writer, the worker's entity threads, the load generator, and the rest of the JVM (GC
 * and JIT threads are not Java threads, so they are counted as process CPU minus the Java threads).
 */
final class ThreadCpu {

  /** The groups reported, in this order; a thread belongs to the first whose prefix it has. */
  static final Map<String, String> GROUPS = groups();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> byThread;
  private final Map<Long, String> names;
  private final long process;

  private ThreadCpu(Map<Long, Long> byThread, Map<Long, String> names, long process) {
    this.byThread = byThread;
    this.names = names;
    this.process = process;
  }

  private static Map<String, String> groups() {
    Map<String, String> g = new LinkedHashMap<>();
    g.put("grpc-default-worker", "transport");
    g.put("scheduler-writer", "writer");
    g.put("durable-worker", "worker");
    g.put("signal-", "senders");
    return g;
  }

  /** Reads every live thread's CPU time and the process's. */
  static ThreadCpu snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    if (THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
      for (long id : THREADS.getAllThreadIds()) {
        long t = THREADS.getThreadCpuTime(id);
        var info = THREADS.getThreadInfo(id);
        if (t >= 0 && info != null) {
          cpu.put(id, t);
          names.put(id, info.getThreadName());
        }
      }
    }
    return new ThreadCpu(cpu, names, ProcessCpu.nanos());
  }

  /**
   * Microseconds of CPU per operation by group between {@code start} and this snapshot: each group
   * of {@link #GROUPS}, "other threads" (the other Java threads) and "JVM" (process CPU not used by
   * Java threads: GC, JIT). Threads that ended in between are missing from the Java threads and so
   * counted under "JVM". Empty when the JVM cannot tell.
   */
  Map<String, Double> microsPerOpSince(ThreadCpu start, long ops) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (byThread.isEmpty() || ops <= 0 || process < 0 || start.process < 0) {
      return out;
    }
    for (String group : GROUPS.values()) {
      out.put(group, 0.0);
    }
    out.put("other threads", 0.0);
    long javaThreads = 0;
    for (Map.Entry<Long, Long> e : byThread.entrySet()) {
      long used = e.getValue() - start.byThread.getOrDefault(e.getKey(), 0L);
      javaThreads += used;
      out.merge(groupOf(names.get(e.getKey())), used / 1e3 / ops, Double::sum);
    }
    out.put("JVM", Math.max(0, process - start.process - javaThreads) / 1e3 / ops);
    return out;
  }

  private static String groupOf(String name) {
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      if (name.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return "other threads";
  }
}
