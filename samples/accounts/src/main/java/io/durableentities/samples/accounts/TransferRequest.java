package io.durableentities.samples.accounts;

/**
 * The input of the {@link Transfer} orchestration.
 *
 * @param fromAccount the key of the account that pays
 * @param toAccount the key of the account that receives
 * @param cents the amount, positive
 */
public record TransferRequest(String fromAccount, String toAccount, long cents) {}
