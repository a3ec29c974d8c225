package io.durableentities.client.internal.grpc;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Adds {@code authorization: Bearer <token>} to every call, with the token from a {@link
 * TokenCache}. Never blocks the calling thread: tokens are fetched on the cache's own thread.
 */
final class BearerTokenCredentials extends CallCredentials {

  private final TokenCache cache;

  BearerTokenCredentials(TokenCache cache) {
    this.cache = cache;
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    cache
        .token()
        .whenComplete(
            (token, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                applier.fail(
                    Status.UNAUTHENTICATED
                        .withDescription(
                            "Could not get an access token for scope "
                                + cache.scope()
                                + ": "
                                + cause)
                        .withCause(cause));
              } else {
                Metadata headers = new Metadata();
                headers.put(GrpcChannels.AUTHORIZATION, "Bearer " + token.getToken());
                applier.apply(headers);
              }
            });
  }
}
