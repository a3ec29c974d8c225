package io.durableentities.samples.accounts;

/**
 * Counts transfer outcomes: the typed contract of the {@code ledger} entity, an aggregator that
 * every account signals once per transfer order it handles.
 */
public interface Ledger {

  /**
   * Counts one outcome.
   *
   * @param outcome what happened to a transfer order
   */
  void record(TransferOutcome outcome);

  /**
   * Reads the counts.
   *
   * @return the totals so far
   */
  LedgerState totals();
}
