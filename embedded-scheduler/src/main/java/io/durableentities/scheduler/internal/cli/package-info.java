/** Internals of the embedded scheduler (cli): no compatibility promise. */
package io.durableentities.scheduler.internal.cli;
