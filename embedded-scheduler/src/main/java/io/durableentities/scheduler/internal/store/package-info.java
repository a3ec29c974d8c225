/** Internals of the embedded scheduler (store): no compatibility promise. */
package io.durableentities.scheduler.internal.store;
