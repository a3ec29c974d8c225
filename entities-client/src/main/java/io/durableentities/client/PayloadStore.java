package io.durableentities.client;

/**
 * Stores large payloads outside the scheduler's messages and reads them back: inputs, outputs,
 * entity states and event data at or above {@link #thresholdBytes()} travel as a short reference (a
 * <em>token</em>) instead of inline, so that a state of tens of megabytes works on a scheduler
 * whose messages are limited to about 1 MB (the Azure Durable Task Scheduler's).
 *
 * <p>Give the same store (the same storage account and container) to every {@link DurableWorker}
 * and {@link DurableClient} that exchange payloads, with {@code payloadStore(...)} on their
 * builders. The module {@code io.durableentities:entities-azure-blob-payloads} has the Azure Blob
 * Storage implementation, {@code AzureBlobPayloadStore}, whose tokens are those of the Durable Task
 * SDKs' blob-payload extensions ({@code blob:v1:<container>:<blob>}).
 *
 * <p>A worker with a store resolves the tokens in its work items before running them and stores the
 * large values of its results, entity states and actions; it tells the scheduler so with the {@code
 * WORKER_CAPABILITY_LARGE_PAYLOADS} capability. A client with a store stores large inputs, event
 * data and signal inputs, and resolves the tokens in the states, inputs and outputs it reads. A
 * token that reaches a worker or client without a store fails with a {@link PayloadStoreException}
 * naming the instance or entity.
 *
 * <p>Implementations are called concurrently from many threads and may block (they do I/O); they
 * throw {@link PayloadStoreException} naming the store (account, container) when it cannot be
 * reached. Stored payloads are never deleted by the worker or client: give the container a
 * retention (lifecycle) policy.
 */
public interface PayloadStore {

  /**
   * The default threshold, 900,000 bytes: the .NET and Java Durable Task SDKs' default, below the
   * Durable Task Scheduler's message limit of about 1 MB.
   */
  int DEFAULT_THRESHOLD_BYTES = 900_000;

  /** The smallest threshold a store may have: 1 KiB, above every non-payload string value. */
  int MIN_THRESHOLD_BYTES = 1024;

  /** The largest threshold a store may have: 1 MiB, as the Durable Task SDKs allow. */
  int MAX_THRESHOLD_BYTES = 1024 * 1024;

  /**
   * The default limit of a payload, 64 MiB. The .NET and Java Durable Task SDKs' blob-payload
   * extensions refuse payloads above 10 MiB by default; this project's default is larger so that an
   * entity state of 50 MB works out of the box, and bounded because a worker holds a payload in
   * memory several times over (the string, its UTF-8 bytes, the compressed blob).
   */
  long DEFAULT_MAX_PAYLOAD_BYTES = 64L * 1024 * 1024;

  /**
   * Stores a payload and returns its token.
   *
   * @param payload the payload (serialized JSON, as it would travel inline)
   * @return the token that travels instead, recognised by {@link #isKnownToken}
   * @throws PayloadStoreException naming the store when it could not be written
   */
  String upload(String payload);

  /**
   * Reads the payload a token refers to.
   *
   * @param token a value for which {@link #isKnownToken} is true
   * @return the payload
   * @throws PayloadStoreException naming the store and the token when it could not be read
   */
  String download(String token);

  /**
   * Tells whether a value is a token of this kind of store (by its form; the payload need not
   * exist).
   *
   * @param value a string that travelled where a payload goes
   * @return whether it is a token to {@link #download}
   */
  boolean isKnownToken(String value);

  /**
   * Returns the size, in UTF-8 bytes, from which a payload is stored instead of sent inline.
   *
   * @return between {@link #MIN_THRESHOLD_BYTES} and {@link #MAX_THRESHOLD_BYTES}; {@link
   *     #DEFAULT_THRESHOLD_BYTES} unless the implementation is configured otherwise
   */
  default int thresholdBytes() {
    return DEFAULT_THRESHOLD_BYTES;
  }

  /**
   * Returns the size, in UTF-8 bytes, above which a payload is refused: it is not stored, and the
   * worker or client fails with a {@link PayloadTooLargeException} naming the instance or entity,
   * the field and the size, instead of storing it.
   *
   * @return at least {@link #thresholdBytes()}; {@link #DEFAULT_MAX_PAYLOAD_BYTES} unless the
   *     implementation is configured otherwise
   */
  default long maxPayloadBytes() {
    return DEFAULT_MAX_PAYLOAD_BYTES;
  }
}
