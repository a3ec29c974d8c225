package io.durableentities.architecture;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules every module's public API keeps, for {@code @ArchTest static final ArchTests publicApi
 * = ArchTests.in(PublicApiRules.class);} in the module's {@code ArchitectureTest}.
 */
public final class PublicApiRules {

  /** See {@link ApiRules#publicApiShowsNoHiddenType()}. */
  @ArchTest
  public static final ArchRule showsNoInternalOrGeneratedType =
      ApiRules.publicApiShowsNoHiddenType();

  private PublicApiRules() {}
}
