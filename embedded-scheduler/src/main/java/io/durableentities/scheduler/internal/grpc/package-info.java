/** Internals of the embedded scheduler (grpc): no compatibility promise. */
package io.durableentities.scheduler.internal.grpc;
