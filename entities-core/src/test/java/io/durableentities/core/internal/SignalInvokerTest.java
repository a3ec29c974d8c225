package io.durableentities.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.JacksonDataConverter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalInvokerTest {

  interface Account {
    void deposit(long cents);

    long balance();
  }

  private final EntityInstanceId source = EntityInstanceId.of("bank", "b1");
  private final EntityInstanceId target = EntityInstanceId.of("account", "a1");
  private final List<EntityAction> actions = new ArrayList<>();
  private final BatchOperation context =
      new BatchOperation(
          source,
          OperationRequest.of("payout", null),
          new BatchState(JacksonDataConverter.defaultInstance(), null),
          actions,
          JacksonDataConverter.defaultInstance());
  private final SignalInvoker invoker = new SignalInvoker(context, Account.class, target, null);

  @Test
  void invoke_voidOperation_emitsSignal() {
    invoker.invoke(EntityInterfaceMetadata.of(Account.class).operation("deposit"), 500L);

    assertThat(actions)
        .containsExactly(new EntityAction.SendSignal(0, target, "deposit", "500", null));
  }

  @Test
  void invoke_operationWithResult_throwsEntitiesCanOnlySignal() {
    assertThatThrownBy(
            () ->
                invoker.invoke(
                    EntityInterfaceMetadata.of(Account.class).operation("balance"), null))
        .isInstanceOf(EntityException.class)
        .hasMessageContaining(
            "entities can only signal other entities: Account.balance returns long; make it void"
                + " or call it from an orchestration")
        .hasMessageContaining("@bank@b1")
        .hasMessageContaining("'payout'");
    assertThat(actions).isEmpty();
  }
}
