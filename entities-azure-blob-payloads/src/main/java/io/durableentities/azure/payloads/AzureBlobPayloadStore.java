package io.durableentities.azure.payloads;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.PayloadStoreException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A {@link PayloadStore} in an Azure Blob Storage container: each payload of at least the threshold
 * is one blob, gzip-compressed by default ({@code Content-Encoding: gzip}), named by a random UUID,
 * and travels as the token {@code blob:v1:<container>:<blob>}. These are the token format, default
 * container ({@value #DEFAULT_CONTAINER}), default threshold (900,000 bytes) and compression of the
 * .NET and Java Durable Task SDKs' blob-payload extensions, so a payload one of them stored can be
 * read here and the other way round, given the same account and container. The container is created
 * on the first upload. Blobs are never deleted: give the container a lifecycle (retention) policy.
 *
 * <p>Credentials: a storage connection string ({@link Builder#connectionString}), or the account's
 * blob endpoint and an azure-identity {@link TokenCredential} ({@link Builder#endpoint}, {@link
 * Builder#credential}) whose identity may create the container and read and write blobs (for
 * example the <em>Storage Blob Data Contributor</em> role). Failures throw {@link
 * PayloadStoreException} naming the account and container.
 */
public final class AzureBlobPayloadStore implements PayloadStore {

  /** The default container: {@value}, the Durable Task SDKs' default. */
  public static final String DEFAULT_CONTAINER = "durabletask-payloads";

  private static final String TOKEN_PREFIX = "blob:v1:";
  private static final String GZIP = "gzip";
  private static final Pattern CONTAINER_NAME =
      Pattern.compile("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$");

  private final BlobContainerClient container;
  private final String account;
  private final int thresholdBytes;
  private final long maxPayloadBytes;
  private final boolean compression;
  private volatile boolean containerReady;

  private AzureBlobPayloadStore(Builder builder, BlobServiceClient service) {
    this.container = service.getBlobContainerClient(builder.containerName);
    this.account = service.getAccountName() + " (" + service.getAccountUrl() + ")";
    this.thresholdBytes = builder.thresholdBytes;
    this.maxPayloadBytes = builder.maxPayloadBytes;
    this.compression = builder.compression;
  }

  /**
   * Returns a builder.
   *
   * @return a builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  @Override
  public String upload(String payload) {
    Objects.requireNonNull(payload, "payload");
    String name = UUID.randomUUID().toString().replace("-", "");
    byte[] bytes = compression ? Gzip.compress(payload) : Gzip.utf8(payload);
    try {
      ensureContainer();
      try {
        write(name, bytes);
      } catch (BlobStorageException e) {
        if (e.getErrorCode() != BlobErrorCode.CONTAINER_NOT_FOUND) {
          throw e;
        }
        // deleted since it was created: create it again, once
        containerReady = false;
        ensureContainer();
        write(name, bytes);
      }
    } catch (RuntimeException e) {
      throw new PayloadStoreException(
          "Could not store a payload of "
              + payload.length()
              + " characters in container '"
              + container.getBlobContainerName()
              + "' of storage account "
              + account
              + ": "
              + reason(e)
              + "; check that the account can be reached and that the credential may create the"
              + " container and write blobs",
          e);
    }
    return TOKEN_PREFIX + container.getBlobContainerName() + ":" + name;
  }

  @Override
  public String download(String token) {
    Objects.requireNonNull(token, "token");
    int separator = token.indexOf(':', TOKEN_PREFIX.length());
    if (!isKnownToken(token) || separator < 0 || separator == token.length() - 1) {
      throw new PayloadStoreException(
          "'" + token + "' is not a payload token of the form blob:v1:<container>:<blob>");
    }
    String tokenContainer = token.substring(TOKEN_PREFIX.length(), separator);
    String name = token.substring(separator + 1);
    if (!tokenContainer.equals(container.getBlobContainerName())) {
      throw new PayloadStoreException(
          "The payload "
              + token
              + " is in container '"
              + tokenContainer
              + "', but this store reads container '"
              + container.getBlobContainerName()
              + "' of storage account "
              + account
              + ": give every worker and client the same containerName");
    }
    try {
      BlobDownloadContentResponse response =
          container.getBlobClient(name).downloadContentWithResponse(null, null, null, Context.NONE);
      byte[] bytes = response.getValue().toBytes();
      String encoding = response.getDeserializedHeaders().getContentEncoding();
      return GZIP.equalsIgnoreCase(encoding) ? Gzip.decompress(bytes) : Gzip.text(bytes);
    } catch (RuntimeException e) {
      throw new PayloadStoreException(
          "Could not read the payload "
              + token
              + " from container '"
              + tokenContainer
              + "' of storage account "
              + account
              + ": "
              + reason(e)
              + (e instanceof BlobStorageException b && b.getStatusCode() == 404
                  ? "; the blob was deleted (a retention policy shorter than the instance's life?)"
                      + " or this store points at another account than the one that stored it"
                  : "; check that the account can be reached and that the credential may read"
                      + " blobs"),
          e);
    }
  }

  @Override
  public boolean isKnownToken(String value) {
    return value.startsWith(TOKEN_PREFIX);
  }

  @Override
  public int thresholdBytes() {
    return thresholdBytes;
  }

  @Override
  public long maxPayloadBytes() {
    return maxPayloadBytes;
  }

  @Override
  public String toString() {
    return "AzureBlobPayloadStore{account="
        + account
        + ", container="
        + container.getBlobContainerName()
        + "}";
  }

  private void ensureContainer() {
    if (!containerReady) {
      container.createIfNotExists();
      containerReady = true;
    }
  }

  private void write(String name, byte[] bytes) {
    BlobClient blob = container.getBlobClient(name);
    BlobHttpHeaders headers = new BlobHttpHeaders().setContentType("application/json");
    if (compression) {
      headers.setContentEncoding(GZIP);
    }
    blob.uploadWithResponse(
        new BlobParallelUploadOptions(BinaryData.fromBytes(bytes)).setHeaders(headers),
        null,
        Context.NONE);
  }

  private static String reason(RuntimeException e) {
    if (e instanceof BlobStorageException b) {
      return b.getStatusCode() + " " + b.getErrorCode();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }

  /** Builds an {@link AzureBlobPayloadStore}. */
  public static final class Builder {

    private String connectionString;
    private String endpoint;
    private TokenCredential credential;
    private String containerName = DEFAULT_CONTAINER;
    private int thresholdBytes = DEFAULT_THRESHOLD_BYTES;
    private long maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private boolean compression = true;
    private int maxTries;

    private Builder() {}

    /**
     * Uses a storage connection string, such as {@code
     * DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net}
     * or a shared access signature one; instead of {@link #endpoint} and {@link #credential}.
     *
     * @param connectionString the connection string
     * @return this builder
     */
    public Builder connectionString(String connectionString) {
      this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
      return this;
    }

    /**
     * Sets the account's blob endpoint, such as {@code https://myaccount.blob.core.windows.net};
     * with {@link #credential}.
     *
     * @param endpoint the endpoint URL
     * @return this builder
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * Sets the Entra ID credential for {@link #endpoint}, such as azure-identity's {@code
     * DefaultAzureCredential} or {@code ManagedIdentityCredential}.
     *
     * @param credential the credential
     * @return this builder
     */
    public Builder credential(TokenCredential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /**
     * Sets the container (default {@value #DEFAULT_CONTAINER}); created on the first upload.
     *
     * @param containerName 3 to 63 lower-case letters, digits and single hyphens
     * @return this builder
     */
    public Builder containerName(String containerName) {
      this.containerName = Objects.requireNonNull(containerName, "containerName");
      return this;
    }

    /**
     * Sets the size from which payloads are stored (default 900,000 UTF-8 bytes).
     *
     * @param bytes between {@link PayloadStore#MIN_THRESHOLD_BYTES} and {@link
     *     PayloadStore#MAX_THRESHOLD_BYTES}
     * @return this builder
     */
    public Builder thresholdBytes(int bytes) {
      this.thresholdBytes = bytes;
      return this;
    }

    /**
     * Sets the size above which a payload is refused instead of stored (default 64 MiB): the worker
     * or client fails with a {@link io.durableentities.client.PayloadTooLargeException} naming the
     * instance or entity, the field and the size. Give every worker and client the same limit.
     *
     * @param bytes at least the threshold, in UTF-8 bytes
     * @return this builder
     */
    public Builder maxPayloadBytes(long bytes) {
      this.maxPayloadBytes = bytes;
      return this;
    }

    /**
     * Sets whether blobs are gzip-compressed (default true). Blobs are read according to their
     * {@code Content-Encoding} either way.
     *
     * @param compression whether to compress
     * @return this builder
     */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Sets how many times a storage request is tried (default: the Azure Storage SDK's, 4 with
     * exponential backoff).
     *
     * @param maxTries at least 1
     * @return this builder
     */
    public Builder maxTries(int maxTries) {
      if (maxTries < 1) {
        throw new IllegalArgumentException("maxTries must be at least 1, was " + maxTries);
      }
      this.maxTries = maxTries;
      return this;
    }

    /**
     * Validates the settings and creates the store; it connects on the first request.
     *
     * @return the store
     * @throws IllegalArgumentException if neither a connection string nor an endpoint with a
     *     credential is set, or both are, or the container name, threshold or limit is invalid
     */
    public AzureBlobPayloadStore build() {
      if ((connectionString == null) == (endpoint == null || credential == null)
          || (connectionString != null && (endpoint != null || credential != null))) {
        throw new IllegalArgumentException(
            "AzureBlobPayloadStore needs either connectionString(...) or both endpoint(...) and"
                + " credential(...)");
      }
      if (!CONTAINER_NAME.matcher(containerName).matches()) {
        throw new IllegalArgumentException(
            "'"
                + containerName
                + "' is not a valid blob container name: use 3 to 63 lower-case letters, digits"
                + " and single hyphens, starting with a letter or digit");
      }
      if (thresholdBytes < MIN_THRESHOLD_BYTES || thresholdBytes > MAX_THRESHOLD_BYTES) {
        throw new IllegalArgumentException(
            "thresholdBytes must be between "
                + MIN_THRESHOLD_BYTES
                + " and "
                + MAX_THRESHOLD_BYTES
                + ", was "
                + thresholdBytes);
      }
      if (maxPayloadBytes < thresholdBytes) {
        throw new IllegalArgumentException(
            "maxPayloadBytes must be at least thresholdBytes ("
                + thresholdBytes
                + "), was "
                + maxPayloadBytes);
      }
      BlobServiceClientBuilder service = new BlobServiceClientBuilder();
      if (connectionString != null) {
        service.connectionString(connectionString);
      } else {
        service.endpoint(endpoint).credential(credential);
      }
      if (maxTries > 0) {
        service.retryOptions(
            new RequestRetryOptions(
                RetryPolicyType.EXPONENTIAL,
                maxTries,
                (Duration) null,
                (Duration) null,
                (Duration) null,
                null));
      }
      return new AzureBlobPayloadStore(this, service.buildClient());
    }
  }
}
