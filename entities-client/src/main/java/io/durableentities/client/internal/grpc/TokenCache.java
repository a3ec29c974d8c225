package io.durableentities.client.internal.grpc;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches an access token and refreshes it five minutes before it expires, on its own daemon thread;
 * concurrent refreshes collapse into one. When a refresh fails while the old token is still valid,
 * the old token is used.
 */
public final class TokenCache {

  /** How long before expiry a token is refreshed. */
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);

  private static final ExecutorService REFRESHER =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "durable-entities-token-refresh");
            thread.setDaemon(true);
            return thread;
          });

  private final TokenCredential credential;
  private final TokenRequestContext request;
  private final Clock clock;
  private final Object lock = new Object();
  private AccessToken current;
  private CompletableFuture<AccessToken> refreshing;

  /**
   * Creates a cache.
   *
   * @param credential the credential
   * @param resourceId the resource; the scope is {@code <resourceId>/.default}
   * @param clock decides when the token is near expiry
   */
  public TokenCache(TokenCredential credential, String resourceId, Clock clock) {
    this.credential = Objects.requireNonNull(credential, "credential");
    String resource =
        resourceId.endsWith("/") ? resourceId.substring(0, resourceId.length() - 1) : resourceId;
    this.request = new TokenRequestContext().addScopes(resource + "/.default");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the scope tokens are requested for.
   *
   * @return the scope
   */
  public String scope() {
    return request.getScopes().get(0);
  }

  /**
   * Returns a valid token: the cached one when it is not near expiry, else a refreshed one.
   *
   * @return a future completed with the token, or exceptionally when none could be obtained
   */
  public CompletableFuture<AccessToken> token() {
    synchronized (lock) {
      if (current != null && !nearExpiry(current)) {
        return CompletableFuture.completedFuture(current);
      }
      if (refreshing == null) {
        CompletableFuture<AccessToken> future = new CompletableFuture<>();
        refreshing = future;
        REFRESHER.execute(() -> refresh(future));
      }
      return refreshing;
    }
  }

  private void refresh(CompletableFuture<AccessToken> future) {
    AccessToken fresh = null;
    Throwable failure = null;
    try {
      fresh = credential.getTokenSync(request);
      if (fresh == null) {
        failure = new IllegalStateException("the credential returned no token");
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    AccessToken result;
    synchronized (lock) {
      refreshing = null;
      if (failure == null) {
        current = fresh;
        result = fresh;
      } else if (current != null && current.getExpiresAt().toInstant().isAfter(clock.instant())) {
        LOG.warn(
            "Could not refresh the access token for {}; using the current one", scope(), failure);
        result = current;
      } else {
        result = null;
      }
    }
    if (result != null) {
      future.complete(result);
    } else {
      future.completeExceptionally(failure);
    }
  }

  private boolean nearExpiry(AccessToken token) {
    return !token.getExpiresAt().toInstant().minus(REFRESH_MARGIN).isAfter(clock.instant());
  }
}
