/**
 * Internals of the embedded scheduler: no compatibility promise. Nothing here may be used outside
 * this module, except {@code internal.testing} by this project's {@code entities-testing}; it
 * changes without notice.
 */
package io.durableentities.scheduler.internal;
