package io.durableentities.benchmarks.runner;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads another JVM's garbage collectors over JMX: the process is attached ({@code
 * com.sun.tools.attach}) and its local management agent started, so no port is opened.
 */
final class RemoteHeap implements AutoCloseable {

  /**
   * What the collectors report at one moment.
   *
   * @param heapAfterLastGcBytes the heap (all heap pools) right after the most recent collection,
   *     or NaN before the first
   * @param collections collections so far, all collectors
   * @param collectionSeconds time spent in collections so far, all collectors
   */
  record Reading(double heapAfterLastGcBytes, long collections, double collectionSeconds) {}

  private final JMXConnector connector;
  private final List<GarbageCollectorMXBean> collectors;
  private final Set<String> heapPools = new HashSet<>();

  private RemoteHeap(JMXConnector connector) throws IOException {
    this.connector = connector;
    MBeanServerConnection server = connector.getMBeanServerConnection();
    this.collectors = ManagementFactory.getPlatformMXBeans(server, GarbageCollectorMXBean.class);
    for (MemoryPoolMXBean pool :
        ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
  }

  /** Attaches to the JVM of process {@code pid}. */
  static RemoteHeap attach(long pid) throws IOException {
    String address;
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to process " + pid + " to read its heap: " + e, e);
    }
    return new RemoteHeap(JMXConnectorFactory.connect(new JMXServiceURL(address)));
  }

  /** Reads the collectors now. */
  Reading read() {
    GcInfo latest = null;
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
      GcInfo info = gc.getLastGcInfo();
      if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
        latest = info;
      }
    }
    double heap = Double.NaN;
    if (latest != null) {
      long used = 0;
      for (Map.Entry<String, MemoryUsage> pool : latest.getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(pool.getKey())) {
          used += pool.getValue().getUsed();
        }
      }
      heap = used;
    }
    return new Reading(heap, count, millis / 1000.0);
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
