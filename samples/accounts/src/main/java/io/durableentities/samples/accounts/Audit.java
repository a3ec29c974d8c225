package io.durableentities.samples.accounts;

/**
 * What an entity query over all accounts found.
 *
 * @param accounts how many accounts exist
 * @param totalCents the sum of their balances
 * @param backlog operations still queued for them
 */
public record Audit(int accounts, long totalCents, long backlog) {}
