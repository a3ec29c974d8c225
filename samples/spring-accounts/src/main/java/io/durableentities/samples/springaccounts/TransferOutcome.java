package io.durableentities.samples.springaccounts;

/** What became of a transfer: the output of the {@link Transfer} orchestration. */
public enum TransferOutcome {
  /** The money moved. */
  DONE,
  /** The paying account had too little money; nothing moved. */
  REJECTED
}
