/**
 * JMH benchmarks of the entity runtime. They are built with the project and never run by the test
 * suite: {@code java -jar benchmarks/target/benchmarks.jar BatchExecutionBenchmark}. Figures are
 * recorded in {@code docs/performance.md}.
 */
package io.durableentities.benchmarks;
