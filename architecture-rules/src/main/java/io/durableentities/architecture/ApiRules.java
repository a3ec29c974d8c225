package io.durableentities.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.domain.properties.HasSourceCodeLocation;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The rules that keep the public API free of internals and the modules layered. Each module's
 * {@code ArchitectureTest} checks them against its own main classes.
 */
public final class ApiRules {

  /** The packages of {@code entities-core}. */
  public static final String CORE = "io.durableentities.core..";

  /** The packages of {@code entities-client}. */
  public static final String CLIENT = "io.durableentities.client..";

  /** The packages of {@code entities-proxy}. */
  public static final String PROXY = "io.durableentities.proxy..";

  /** The packages of {@code orchestration-bridge}. */
  public static final String BRIDGE = "io.durableentities.orchestration..";

  /** The packages of {@code embedded-scheduler}. */
  public static final String SCHEDULER = "io.durableentities.scheduler..";

  /** The generated wire types of {@code entities-protocol}. */
  public static final String PROTOCOL = "io.durableentities.protocol..";

  /** gRPC, the shaded Netty transport included. */
  public static final String GRPC = "io.grpc..";

  /** Protocol Buffers. */
  public static final String PROTOBUF = "com.google.protobuf..";

  /** The Azure SDK. */
  public static final String AZURE = "com.azure..";

  /** Netty (unshaded). */
  public static final String NETTY = "io.netty..";

  /** The packages with no compatibility promise, in every module. */
  public static final String INTERNAL = "..internal..";

  private static final PackageMatchers HIDDEN =
      PackageMatchers.of(INTERNAL, PROTOCOL, PROTOBUF, GRPC);

  private ApiRules() {}

  /**
   * No public or protected constructor, method or field of a public class outside an internal
   * package shows, anywhere in its signature (type arguments, bounds and throws clauses included),
   * a type of an internal package, of {@code entities-protocol}, of protobuf or of gRPC; nor does
   * such a class extend or implement one. Applications see only types they may use and that keep
   * their compatibility promise.
   *
   * @return the rule
   */
  public static ArchRule publicApiShowsNoHiddenType() {
    return classes()
        .that(areExported())
        .and()
        .resideOutsideOfPackage(INTERNAL)
        .should(showNoHiddenType())
        .because(
            "internal and generated types have no compatibility promise: public signatures must"
                + " use public API types only (hide the rest behind an internal SPI)");
  }

  /**
   * No class of some packages depends on classes of others.
   *
   * @param packages the packages checked, such as {@link #CORE}
   * @param forbidden the packages they must not use
   * @return the rule
   */
  public static ArchRule noDependencyOn(String packages, String... forbidden) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden);
  }

  /**
   * Every exception declared in some packages descends from one root, so that catching the root
   * catches them all.
   *
   * @param packages the packages checked, such as {@code "io.durableentities.core.."}
   * @param root the fully qualified name of the root, such as {@code
   *     io.durableentities.core.DurableException}
   * @return the rule
   */
  public static ArchRule exceptionsDescendFrom(String packages, String root) {
    return classes()
        .that()
        .areAssignableTo(Exception.class)
        .and()
        .resideInAPackage(packages)
        .should()
        .beAssignableTo(root);
  }

  /**
   * Public classes reachable from outside their package: public, and nested (if at all) only in
   * such classes.
   *
   * @return the predicate
   */
  static DescribedPredicate<JavaClass> areExported() {
    return DescribedPredicate.describe(
        "are public (and nested only in public classes)", ApiRules::isExported);
  }

  private static boolean isExported(JavaClass type) {
    if (!type.getModifiers().contains(JavaModifier.PUBLIC)
        || type.isAnonymousClass()
        || type.isLocalClass()) {
      return false;
    }
    return type.getEnclosingClass().map(ApiRules::isExported).orElse(true);
  }

  private static ArchCondition<JavaClass> showNoHiddenType() {
    return new ArchCondition<>(
        "show no type of an internal package, of entities-protocol, of protobuf or of gRPC in a"
            + " public or protected signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        Set<JavaClass> supertypes = new LinkedHashSet<>();
        type.getSuperclass().ifPresent(superclass -> add(supertypes, superclass));
        type.getInterfaces().forEach(implemented -> add(supertypes, implemented));
        type.getTypeParameters().forEach(parameter -> add(supertypes, parameter));
        report(type, type, "extends, implements or is bounded by", supertypes, events);
        for (JavaMember member : type.getMembers()) {
          if (isApi(member)) {
            report(type, member, "shows", signatureTypes(member), events);
          }
        }
      }
    };
  }

  private static boolean isApi(JavaMember member) {
    Set<JavaModifier> modifiers = member.getModifiers();
    return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
        && !modifiers.contains(JavaModifier.SYNTHETIC)
        && !modifiers.contains(JavaModifier.BRIDGE);
  }

  private static Set<JavaClass> signatureTypes(JavaMember member) {
    Set<JavaClass> types = new LinkedHashSet<>();
    if (member instanceof JavaField field) {
      add(types, field.getType());
    }
    if (member instanceof JavaCodeUnit codeUnit) {
      add(types, codeUnit.getReturnType());
      codeUnit.getParameterTypes().forEach(parameter -> add(types, parameter));
      codeUnit.getTypeParameters().forEach(parameter -> add(types, parameter));
      codeUnit.getThrowsClause().getTypes().forEach(thrown -> add(types, thrown));
    }
    return types;
  }

  private static void add(Set<JavaClass> types, JavaType type) {
    types.addAll(type.getAllInvolvedRawTypes());
  }

  private static void report(
      JavaClass owner,
      HasSourceCodeLocation element,
      String verb,
      Collection<JavaClass> types,
      ConditionEvents events) {
    for (JavaClass shown : types) {
      if (HIDDEN.test(shown.getPackageName())) {
        String where = element == owner ? owner.getName() : describe(element);
        events.add(
            SimpleConditionEvent.violated(
                element,
                where
                    + " "
                    + verb
                    + " "
                    + shown.getName()
                    + " "
                    + element.getSourceCodeLocation()));
      }
    }
  }

  private static String describe(HasSourceCodeLocation element) {
    return element instanceof JavaMember member ? member.getFullName() : element.toString();
  }
}
