package io.durableentities.client.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A fixed token shared with a scheduler ({@code Authentication=Token;Token=...}), sent as {@code
 * authorization: Bearer <token>} like any credential's token; it never expires, so it is never
 * refreshed. {@link #toString()} does not show it.
 */
public final class SharedSecretCredential implements TokenCredential {

  private static final OffsetDateTime NEVER =
      OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final AccessToken token;

  /**
   * Wraps a token.
   *
   * @param token the shared secret
   */
  public SharedSecretCredential(String token) {
    this.token = new AccessToken(Objects.requireNonNull(token, "token"), NEVER);
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.just(token);
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    return token;
  }

  @Override
  public String toString() {
    return "SharedSecretCredential(token hidden)";
  }
}
