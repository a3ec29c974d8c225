package io.durableentities.samples.accounts;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;

/** The {@code ledger} entity: counts the outcomes of transfer orders. */
public final class LedgerEntity extends TaskEntity<LedgerState> implements Ledger {

  /** The one ledger the accounts report to. */
  public static final EntityInstanceId ID = EntityInstanceId.of(Ledger.class, "transfers");

  @Override
  protected LedgerState initialState() {
    return LedgerState.EMPTY;
  }

  @Override
  public void record(TransferOutcome outcome) {
    state =
        switch (outcome) {
          case DONE -> new LedgerState(state.done() + 1, state.rejected());
          case REJECTED -> new LedgerState(state.done(), state.rejected() + 1);
        };
  }

  @Override
  public LedgerState totals() {
    return state;
  }
}
