package io.durableentities.scheduler.internal.engine.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Entries already in ascending key order, seen as a {@link SortedMap} only so that {@link
 * java.util.TreeMap#putAll} builds an empty tree from them in linear time, without comparing keys
 * (start-up loads 100,000s of entities; inserting them one by one costs a tree descent each). Only
 * {@link #size()}, {@link #entrySet()} and {@link #comparator()} work: it is no general map.
 */
final class SortedEntries<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {

  private final List<Map.Entry<K, V>> entries;

  /** Entries in strictly ascending natural key order (the caller checked it). */
  SortedEntries(List<Map.Entry<K, V>> entries) {
    this.entries = entries;
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return entries.size();
      }

      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return entries.iterator();
      }
    };
  }

  @Override
  public Comparator<? super K> comparator() {
    return null;
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public K firstKey() {
    return entries.get(0).getKey();
  }

  @Override
  public K lastKey() {
    return entries.get(entries.size() - 1).getKey();
  }
}
