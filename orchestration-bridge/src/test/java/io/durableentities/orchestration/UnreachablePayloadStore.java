package io.durableentities.orchestration;

import io.durableentities.client.PayloadStore;
import io.durableentities.client.PayloadStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A payload store whose account cannot be reached: it knows the {@code blob:v1:} tokens, and every
 * read throws the same {@link #failure}, caused by {@link #unreachable}, as a real store would.
 */
final class UnreachablePayloadStore implements PayloadStore {

  /** A token this store knows, to put where a payload would be. */
  static final String TOKEN = "blob:v1:payloads:1";

  /** What the network said. */
  final UncheckedIOException unreachable =
      new UncheckedIOException(new IOException("Connection refused"));

  /** What every read throws. */
  final PayloadStoreException failure =
      new PayloadStoreException(
          "Could not read " + TOKEN + " from account 'acct', container 'payloads'", unreachable);

  @Override
  public String upload(String payload) {
    throw new AssertionError("nothing is uploaded");
  }

  @Override
  public String download(String token) {
    throw failure;
  }

  @Override
  public boolean isKnownToken(String value) {
    return value.startsWith("blob:v1:");
  }
}
