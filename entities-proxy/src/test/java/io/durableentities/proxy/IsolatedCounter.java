package io.durableentities.proxy;

import java.util.List;

/**
 * A top-level entity interface that refers only to java.* types, so tests can define copies of it
 * in throwaway class loaders.
 */
public interface IsolatedCounter {

  void add(long amount);

  List<String> names();
}
