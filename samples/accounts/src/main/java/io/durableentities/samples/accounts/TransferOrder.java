package io.durableentities.samples.accounts;

/**
 * An order to move money from the account that receives it to another account.
 *
 * @param toAccount the key of the account that receives the money
 * @param cents the amount, positive
 */
public record TransferOrder(String toAccount, long cents) {}
