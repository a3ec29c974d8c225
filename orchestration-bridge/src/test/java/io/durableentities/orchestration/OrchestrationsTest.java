package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrchestrationsTest {

  @OrchestrationName("Transfer")
  static final class TransferV2 implements Orchestration {
    @Override
    public Object run(OrchestrationContext ctx) {
      return null;
    }
  }

  public static final class Audit implements Orchestration {
    @Override
    public Object run(OrchestrationContext ctx) {
      return null;
    }
  }

  public static final class Notify implements Activity {
    @Override
    public Object run(ActivityContext ctx) {
      return null;
    }
  }

  @Test
  void toBuilder_keepsRegistrationsAndConverterAndLeavesTheOriginalAlone() {
    Orchestrations original =
        Orchestrations.newBuilder()
            .orchestration("A", ctx -> "a")
            .activity("X", ctx -> "x")
            .build();

    Orchestrations derived = original.toBuilder().orchestration("B", ctx -> "b").build();

    assertThat(derived.orchestrationNames()).containsExactly("A", "B");
    assertThat(derived.activityNames()).containsExactly("X");
    assertThat(derived.dataConverter()).isSameAs(original.dataConverter());
    assertThat(original.orchestrationNames()).containsExactly("A");
  }

  @Test
  void orchestration_instance_isNamedByAnnotationOrSimpleName() {
    Orchestrations registry =
        Orchestrations.newBuilder()
            .orchestration(new TransferV2())
            .orchestration(Audit.class)
            .build();

    assertThat(registry.orchestrationNames()).containsExactly("Audit", "Transfer");
  }

  @Test
  void activity_class_isNamedBySimpleNameAndInstantiatedPerLookup() {
    Orchestrations registry = Orchestrations.newBuilder().activity(Notify.class).build();

    assertThat(registry.activityNames()).containsExactly("Notify");
    assertThat(registry.activity("Notify").orElseThrow())
        .isNotSameAs(registry.activity("Notify").orElseThrow());
  }

  @Test
  void orchestration_factory_givesNewInstancePerLookup_andLookupIgnoresCase() {
    Orchestrations registry =
        Orchestrations.newBuilder().orchestration("Audit", Audit::new).build();

    assertThat(registry.orchestration("audit")).containsInstanceOf(Audit.class);
    assertThat(registry.orchestration("Audit").orElseThrow())
        .isNotSameAs(registry.orchestration("Audit").orElseThrow());
    assertThat(registry.orchestration("Other")).isEmpty();
  }

  @Test
  void classWithFactory_isNamedByAnnotationOrSimpleName_andMadeByTheFactoryPerLookup() {
    AtomicInteger made = new AtomicInteger();
    Orchestrations registry =
        Orchestrations.newBuilder()
            .orchestration(
                TransferV2.class,
                () -> {
                  made.incrementAndGet();
                  return new TransferV2();
                })
            .activity(Notify.class, Notify::new)
            .build();

    assertThat(registry.orchestrationNames()).containsExactly("Transfer");
    assertThat(registry.activityNames()).containsExactly("Notify");
    assertThat(made).hasValue(0);
    assertThat(registry.orchestration("Transfer").orElseThrow())
        .isNotSameAs(registry.orchestration("Transfer").orElseThrow());
    assertThat(made).hasValue(2);
    assertThatThrownBy(
            () ->
                Orchestrations.newBuilder()
                    .activity(Notify.class)
                    .activity(Notify.class, Notify::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Notify' is already registered");
  }

  @Test
  void orchestration_lambdaWithoutName_isRejectedWithFix() {
    Orchestration lambda = ctx -> null;

    assertThatThrownBy(() -> Orchestrations.newBuilder().orchestration(lambda))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lambda or anonymous")
        .hasMessageContaining(".orchestration(\"Transfer\", ...)");
  }

  @Test
  void orchestration_duplicateNameIgnoringCase_isRejected() {
    Orchestrations.Builder builder =
        Orchestrations.newBuilder().orchestration("Audit", ctx -> null);

    assertThatThrownBy(() -> builder.orchestration("AUDIT", ctx -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Audit' is already registered");
  }

  @Test
  void orchestration_classWithoutNoArgConstructor_isRejected() {
    assertThatThrownBy(() -> Orchestrations.newBuilder().orchestration(WithArgs.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no public no-arg constructor");
  }

  static final class WithArgs implements Orchestration {
    WithArgs(String unused) {}

    @Override
    public Object run(OrchestrationContext ctx) {
      return null;
    }
  }
}
