/**
 * Architecture rules shared by the modules' tests, as ArchUnit {@link
 * com.tngtech.archunit.lang.ArchRule}s.
 *
 * <p>Each module has an {@code ArchitectureTest} that imports its own main classes and checks them:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "io.durableentities.core", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *   @ArchTest static final ArchTests publicApi = ArchTests.in(PublicApiRules.class);
 *
 *   @ArchTest
 *   static final ArchRule layers =
 *       ApiRules.noDependencyOn("io.durableentities.core..", ApiRules.CLIENT, ApiRules.BRIDGE);
 * }
 * }</pre>
 */
package io.durableentities.architecture;
