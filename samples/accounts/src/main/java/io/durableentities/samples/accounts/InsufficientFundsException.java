package io.durableentities.samples.accounts;

/** Thrown by {@link Account#withdraw(long)} when the balance does not cover the amount. */
public final class InsufficientFundsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param balance the balance at the time of the withdrawal, in cents
   * @param requested the amount requested, in cents
   */
  public InsufficientFundsException(long balance, long requested) {
    super("balance " + balance + " is lower than the " + requested + " requested");
  }
}
