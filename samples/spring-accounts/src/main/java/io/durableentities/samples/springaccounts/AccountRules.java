package io.durableentities.samples.springaccounts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The bank's rules, a Spring bean that the account entity gets injected. */
@Component
public class AccountRules {

  private final long maxDepositCents;

  /**
   * Creates the rules.
   *
   * @param maxDepositCents the largest single deposit ({@code accounts.max-deposit-cents})
   */
  public AccountRules(@Value("${accounts.max-deposit-cents:1000000}") long maxDepositCents) {
    this.maxDepositCents = maxDepositCents;
  }

  /**
   * Checks an amount to deposit.
   *
   * @param cents the amount
   * @throws IllegalArgumentException if it is not positive or above the limit
   */
  public void checkDeposit(long cents) {
    checkPositive(cents);
    if (cents > maxDepositCents) {
      throw new IllegalArgumentException(
          "a deposit may be at most " + maxDepositCents + " cents, was " + cents);
    }
  }

  /**
   * Checks an amount.
   *
   * @param cents the amount
   * @throws IllegalArgumentException if it is not positive
   */
  public void checkPositive(long cents) {
    if (cents <= 0) {
      throw new IllegalArgumentException("an amount must be positive, was " + cents);
    }
  }
}
