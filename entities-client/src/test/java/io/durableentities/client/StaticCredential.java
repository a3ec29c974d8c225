package io.durableentities.client;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/** A credential that always returns the same token, valid for an hour. */
final class StaticCredential implements TokenCredential {

  private final String token;

  StaticCredential(String token) {
    this.token = token;
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
  }
}
