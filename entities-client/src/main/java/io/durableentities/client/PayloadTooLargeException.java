package io.durableentities.client;

/**
 * A payload is above its {@link PayloadStore}'s {@link PayloadStore#maxPayloadBytes() limit}, so it
 * was not stored: the message names the instance or entity, the field, the size, the limit and the
 * fix. Retrying cannot help, so a worker does not abandon the work item: an entity's operations of
 * that batch fail (its state stays as it was before the batch), an orchestration fails, an activity
 * fails to its orchestration; a client's call throws it.
 */
public class PayloadTooLargeException extends PayloadStoreException {

  private static final long serialVersionUID = 1L;

  private final long sizeBytes;
  private final long limitBytes;

  /**
   * Creates an exception.
   *
   * @param message what is too large, where, and how to fix it
   * @param sizeBytes the payload's size, in UTF-8 bytes
   * @param limitBytes the store's limit, in UTF-8 bytes
   */
  public PayloadTooLargeException(String message, long sizeBytes, long limitBytes) {
    super(message);
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }

  /**
   * Returns the payload's size.
   *
   * @return its size in UTF-8 bytes
   */
  public long sizeBytes() {
    return sizeBytes;
  }

  /**
   * Returns the store's limit.
   *
   * @return the largest payload the store takes, in UTF-8 bytes
   */
  public long limitBytes() {
    return limitBytes;
  }
}
