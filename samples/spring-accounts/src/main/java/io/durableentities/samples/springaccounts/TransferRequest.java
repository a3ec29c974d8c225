package io.durableentities.samples.springaccounts;

/**
 * A transfer between two accounts: the body of {@code POST /transfers} and the input of the {@link
 * Transfer} orchestration.
 *
 * @param from the key of the account that pays
 * @param to the key of the account that receives
 * @param cents the amount, positive
 */
public record TransferRequest(String from, String to, long cents) {}
