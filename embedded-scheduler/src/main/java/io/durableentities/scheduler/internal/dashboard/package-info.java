/**
 * The web dashboard: an HTTP server on the loopback addresses serving static pages from the jar and
 * a JSON API over the same engine as the gRPC service (reads from memory, actions through the RPCs'
 * own paths). See {@code docs/dashboard.md} for the API and its security rules.
 */
package io.durableentities.scheduler.internal.dashboard;
