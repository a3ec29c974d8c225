package io.durableentities.samples.counters;

import java.util.List;

/**
 * The input of the {@link CountUp} orchestration.
 *
 * @param counterKey the key of the counter to add to
 * @param amounts what to add, one call each, in this order
 */
public record CountUpRequest(String counterKey, List<Long> amounts) {}
