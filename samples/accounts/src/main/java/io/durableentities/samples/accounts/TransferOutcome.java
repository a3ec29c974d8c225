package io.durableentities.samples.accounts;

/** What became of a {@link TransferOrder}. */
public enum TransferOutcome {
  /** The money moved. */
  DONE,
  /** The source account had too little money; nothing moved. */
  REJECTED
}
