package io.durableentities.samples.counters;

import java.time.Duration;

/**
 * What a run of the counters sample saw.
 *
 * @param counterAfterSignals the counter read through a client call after two signals
 * @param counterAfterScheduledSignal the counter once the scheduled signal was applied
 * @param scheduledSignalLatency from sending the scheduled signal to seeing it applied
 * @param counterAfterOrchestration the output of the {@link CountUp} orchestration
 * @param aggregate the aggregator after every sender's readings
 * @param rejectedTransition the failure of shipping an unpaid order
 * @param statusAfterRejection the order's status right after that failure
 * @param finalStatus the order's status after paying and shipping it
 */
public record CountersReport(
    long counterAfterSignals,
    long counterAfterScheduledSignal,
    Duration scheduledSignalLatency,
    long counterAfterOrchestration,
    Summary aggregate,
    String rejectedTransition,
    OrderStatus statusAfterRejection,
    OrderStatus finalStatus) {}
