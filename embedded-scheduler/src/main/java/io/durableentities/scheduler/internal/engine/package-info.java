/** Internals of the embedded scheduler (engine): no compatibility promise. */
package io.durableentities.scheduler.internal.engine;
