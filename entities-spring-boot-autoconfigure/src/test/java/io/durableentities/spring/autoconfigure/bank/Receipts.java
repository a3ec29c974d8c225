package io.durableentities.spring.autoconfigure.bank;

import org.springframework.stereotype.Component;

/** A singleton service injected into an activity. */
@Component
public class Receipts {

  /**
   * Writes a receipt.
   *
   * @param account the account
   * @return the receipt
   */
  public String receiptFor(String account) {
    return "receipt for " + account;
  }
}
