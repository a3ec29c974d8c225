package io.durableentities.samples.springaccounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The balance of an account whose first deposit is still queued: the entity exists (it has a queued
 * operation) but has no state yet. It used to throw a NullPointerException (a 500, and a failed
 * {@code SpringAccountsTest} whenever a read came before the deposit ran).
 */
class AccountControllerTest {

  @Test
  void balance_ofAnAccountWithOnlyAQueuedDeposit_is404() {
    EntityClient entities = mock(EntityClient.class);
    EntityInstanceId id = EntityInstanceId.of(Account.class, "zoe");
    when(entities.get(id, Long.class))
        .thenReturn(Optional.of(new EntityMetadata<>(id, Instant.EPOCH, 1, null, null, true)));

    AccountController controller = new AccountController(entities, mock(OrchestrationClient.class));

    assertThat(controller.balance("zoe").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void balance_ofAnAccountWithAState_isItsState() {
    EntityClient entities = mock(EntityClient.class);
    EntityInstanceId id = EntityInstanceId.of(Account.class, "yan");
    when(entities.get(id, Long.class))
        .thenReturn(Optional.of(new EntityMetadata<>(id, Instant.EPOCH, 0, null, 250L, true)));

    AccountController controller = new AccountController(entities, mock(OrchestrationClient.class));

    assertThat(controller.balance("yan").getBody())
        .isEqualTo(new AccountController.Balance("yan", 250));
  }
}
