package io.durableentities.samples.accounts;

/**
 * The counts kept by the {@code ledger} entity.
 *
 * @param done transfers that moved money
 * @param rejected transfers refused for insufficient funds
 */
public record LedgerState(long done, long rejected) {

  /** No transfers yet. */
  public static final LedgerState EMPTY = new LedgerState(0, 0);

  /**
   * All transfers handled.
   *
   * @return done plus rejected
   */
  public long handled() {
    return done + rejected;
  }
}
