/**
 * Internals of the embedded scheduler: no compatibility promise. Nothing here may be used outside
 * this module; it changes without notice.
 */
package io.durableentities.scheduler.internal;
