package io.durableentities.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's design, checked: the engine's packages touch no field of another class, gRPC and
 * the dashboard reach the engine only through its façade, the engine's packages form no cycle and
 * follow what their package-info says they may touch, and nothing in the scheduler depends on the
 * client side (entities-core, the orchestration bridge): the backend runs no user code.
 */
class ArchitectureTest {

  private static final String ENGINE = "io.durableentities.scheduler.internal.engine";

  /** The scheduler's main classes (not its tests). */
  private static final JavaClasses SCHEDULER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.durableentities.scheduler");

  /** What gRPC and the dashboard may use of the engine: the façade and the records it returns. */
  private static final Set<String> FACADE =
      Set.of(
          ENGINE + ".EngineFacade",
          ENGINE + ".EntityDetail",
          ENGINE + ".HeldLock",
          ENGINE + ".LockTable",
          ENGINE + ".QueuedRequest",
          ENGINE + ".InstanceFilter",
          ENGINE + ".DroppedReport",
          ENGINE + ".DroppedReport$Dropped");

  @Test
  void engineClassesTouchNoFieldOfAnotherClass() {
    (classes()
            .that()
            .resideInAPackage(ENGINE + "..")
            .should(touchOnlyTheirOwnFieldsOrConstants())
            .because("state is changed through its owner's methods, which check the writer lock"))
        .check(SCHEDULER);
  }

  @Test
  void grpcAndDashboardUseOnlyTheFacade() {
    (noClasses()
            .that()
            .resideInAnyPackage(
                "io.durableentities.scheduler.internal.grpc..",
                "io.durableentities.scheduler.internal.dashboard..")
            .should()
            .dependOnClassesThat(engineBeyondTheFacade())
            .because("the engine has one way in, EngineFacade"))
        .check(SCHEDULER);
  }

  @Test
  void enginePackagesAreFreeOfCycles() {
    (slices().matching(ENGINE + ".(*)..").should().beFreeOfCycles()).check(SCHEDULER);
  }

  @Test
  void noEnginePackageDependsOnTheWiring() {
    (noClasses()
            .that(inEngineSubpackage())
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ENGINE)
            .because("the root package wires the others; they never reach back into it"))
        .check(SCHEDULER);
  }

  @Test
  void stateTouchesNoOtherEnginePackage() {
    (touchesOnly("state")).check(SCHEDULER);
  }

  @Test
  void writeTouchesOnlyState() {
    (touchesOnly("write", "state")).check(SCHEDULER);
  }

  @Test
  void loadTouchesOnlyState() {
    (touchesOnly("load", "state")).check(SCHEDULER);
  }

  @Test
  void dispatchTouchesOnlyState() {
    (touchesOnly("dispatch", "state")).check(SCHEDULER);
  }

  @Test
  void entityTouchesStateAndWrite() {
    (touchesOnly("entity", "state", "write")).check(SCHEDULER);
  }

  @Test
  void orchestrationTouchesStateWriteAndEntity() {
    (touchesOnly("orchestration", "state", "write", "entity")).check(SCHEDULER);
  }

  @Test
  void theSchedulerDependsOnNoClientCode() {
    (noClasses()
            .that()
            .resideInAPackage("io.durableentities.scheduler..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.durableentities.core..",
                "io.durableentities.orchestration..",
                "io.durableentities.proxy..",
                "io.durableentities.client..")
            .because("the backend runs no user code (entities-core, orchestration-bridge)"))
        .check(SCHEDULER);
  }

  /** Classes of engine package {@code pkg} depend on no engine package but {@code allowed}. */
  private static ArchRule touchesOnly(String pkg, String... allowed) {
    Set<String> mayTouch = new java.util.HashSet<>(Arrays.asList(allowed));
    mayTouch.add(pkg);
    return noClasses()
        .that()
        .resideInAPackage(ENGINE + "." + pkg + "..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are in an engine package other than " + mayTouch,
                (JavaClass c) ->
                    c.getPackageName().startsWith(ENGINE + ".")
                        && !mayTouch.contains(subpackage(c))))
        .because("its package-info says what it may touch");
  }

  private static String subpackage(JavaClass c) {
    String rest = c.getPackageName().substring(ENGINE.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static DescribedPredicate<JavaClass> inEngineSubpackage() {
    return DescribedPredicate.describe(
        "are in a package below " + ENGINE, c -> c.getPackageName().startsWith(ENGINE + "."));
  }

  private static DescribedPredicate<JavaClass> engineBeyondTheFacade() {
    return DescribedPredicate.describe(
        "are engine classes other than the façade and its records " + FACADE,
        c -> c.getPackageName().startsWith(ENGINE) && !FACADE.contains(outermost(c).getName()));
  }

  private static JavaClass outermost(JavaClass c) {
    Optional<JavaClass> enclosing = c.getEnclosingClass();
    return enclosing.isPresent() ? outermost(enclosing.get()) : c;
  }

  /**
   * Reads and writes only fields of its own (top-level) class, and static final constants of
   * others.
   */
  private static ArchCondition<JavaClass> touchOnlyTheirOwnFieldsOrConstants() {
    return new ArchCondition<>("touch only their own fields (or constants of other classes)") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (JavaFieldAccess access : origin.getFieldAccessesFromSelf()) {
          JavaClass owner = access.getTargetOwner();
          if (outermost(owner).equals(outermost(origin))) {
            continue;
          }
          Optional<JavaField> field = access.getTarget().resolveMember();
          boolean constant =
              field.isPresent()
                  && field.get().getModifiers().contains(JavaModifier.STATIC)
                  && field.get().getModifiers().contains(JavaModifier.FINAL);
          if (!constant) {
            events.add(SimpleConditionEvent.violated(access, access.getDescription()));
          }
        }
      }
    };
  }
}
