package io.durableentities.spring.internal;

import io.durableentities.client.DurableWorker;
import io.durableentities.core.Entity;
import io.durableentities.core.EntityNames;
import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Orchestrations;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The application's entity, orchestration and activity beans, registered on a worker under their
 * names, each object got from the bean factory when the worker needs one: a prototype bean gives a
 * new object with its dependencies injected every time.
 *
 * <p>Entity beans must not be singletons: the worker runs batches of different entities at once and
 * a {@code TaskEntity} keeps the running batch's state in its fields. Orchestration and activity
 * beans may be singletons (then one object runs all executions, so it must keep no per-execution
 * state) or prototypes.
 */
public final class BeanRegistrations {

  /**
   * One bean registered under a name.
   *
   * @param name the entity, orchestration or activity name
   * @param beanName the bean's name
   * @param type the bean's class
   */
  public record Registration(String name, String beanName, Class<?> type) {}

  private final ListableBeanFactory beans;
  private final List<Registration> entities = new ArrayList<>();
  private final List<Registration> orchestrations = new ArrayList<>();
  private final List<Registration> activities = new ArrayList<>();

  /**
   * Finds the entity, orchestration and activity beans and checks them.
   *
   * @param beans the application's bean factory
   * @throws IllegalStateException naming the bean, its class and the fix, when an entity bean is a
   *     singleton, a bean's type is not a concrete class, or two beans map to one name
   */
  public BeanRegistrations(ListableBeanFactory beans) {
    this.beans = Objects.requireNonNull(beans, "beans");
    find(Entity.class, "entity", entities);
    find(Orchestration.class, "orchestration", orchestrations);
    find(Activity.class, "activity", activities);
  }

  /**
   * Returns the entity beans.
   *
   * @return the registrations, in bean definition order
   */
  public List<Registration> entities() {
    return List.copyOf(entities);
  }

  /**
   * Returns the orchestration beans.
   *
   * @return the registrations, in bean definition order
   */
  public List<Registration> orchestrations() {
    return List.copyOf(orchestrations);
  }

  /**
   * Returns the activity beans.
   *
   * @return the registrations, in bean definition order
   */
  public List<Registration> activities() {
    return List.copyOf(activities);
  }

  /**
   * Registers the entity beans on a worker builder.
   *
   * @param worker the builder
   */
  public void registerEntities(DurableWorker.Builder worker) {
    for (Registration entity : entities) {
      register(worker, entity.type().asSubclass(Entity.class), entity.beanName());
    }
  }

  /**
   * Registers the orchestration and activity beans on a registry builder.
   *
   * @param registry the builder
   */
  public void registerOrchestrations(Orchestrations.Builder registry) {
    for (Registration orchestration : orchestrations) {
      register(registry, orchestration.type().asSubclass(Orchestration.class), orchestration);
    }
    for (Registration activity : activities) {
      registerActivity(registry, activity.type().asSubclass(Activity.class), activity);
    }
  }

  private <E extends Entity> void register(
      DurableWorker.Builder worker, Class<E> type, String beanName) {
    worker.entity(type, () -> beans.getBean(beanName, type));
  }

  private <O extends Orchestration> void register(
      Orchestrations.Builder registry, Class<O> type, Registration registration) {
    registry.orchestration(type, () -> beans.getBean(registration.beanName(), type));
  }

  private <A extends Activity> void registerActivity(
      Orchestrations.Builder registry, Class<A> type, Registration registration) {
    registry.activity(type, () -> beans.getBean(registration.beanName(), type));
  }

  private void find(Class<?> kind, String what, List<Registration> into) {
    Map<String, Registration> byName = new LinkedHashMap<>();
    for (String beanName : beans.getBeanNamesForType(kind, true, false)) {
      Class<?> type = beans.getType(beanName, false);
      if (type == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        throw new IllegalStateException(
            "Cannot host the "
                + what
                + " bean '"
                + beanName
                + "': its type "
                + (type == null ? "is unknown" : type.getName() + " is not a concrete class")
                + ", so it has no "
                + what
                + " name; declare the bean with its concrete class (for a @Bean method, as the"
                + " return type)");
      }
      if (kind == Entity.class && beans.isSingleton(beanName)) {
        throw new IllegalStateException(
            "The entity bean '"
                + beanName
                + "' ("
                + type.getName()
                + ") is a singleton, but the worker needs a new entity object for every batch (a"
                + " TaskEntity keeps the running batch's state in its fields): annotate the class"
                + " with @DurableEntity, or give the bean @Scope(\"prototype\")");
      }
      String name = nameOf(kind, type);
      Registration registration = new Registration(name, beanName, type);
      Registration clash = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), registration);
      if (clash != null) {
        throw new IllegalStateException(
            "The beans '"
                + clash.beanName()
                + "' ("
                + clash.type().getName()
                + ") and '"
                + beanName
                + "' ("
                + type.getName()
                + ") are both the "
                + what
                + " '"
                + name
                + "'; give one of them another name"
                + (kind == Entity.class ? " with @EntityName" : "")
                + (kind == Orchestration.class ? " with @OrchestrationName" : "")
                + (kind == Activity.class ? " with @ActivityName" : "")
                + ", or remove one bean");
      }
      into.add(registration);
    }
  }

  /** The name the worker's registries derive (their rule, asked, not copied). */
  private static String nameOf(Class<?> kind, Class<?> type) {
    if (kind == Entity.class) {
      return EntityNames.of(type);
    }
    Orchestrations.Builder probe = Orchestrations.newBuilder();
    if (kind == Orchestration.class) {
      probe.orchestration(type.asSubclass(Orchestration.class), () -> null);
      return probe.build().orchestrationNames().iterator().next();
    }
    probe.activity(type.asSubclass(Activity.class), () -> null);
    return probe.build().activityNames().iterator().next();
  }

  @Override
  public String toString() {
    return "entities "
        + names(entities)
        + ", orchestrations "
        + names(orchestrations)
        + ", activities "
        + names(activities);
  }

  private static List<String> names(List<Registration> registrations) {
    return registrations.stream().map(r -> r.name() + " (bean " + r.beanName() + ")").toList();
  }
}
