package io.durableentities.scheduler.internal.engine;

import java.util.List;

/** A batch of one entity leased to one work-item stream under a unique completion token. */
final class Lease {
  final String token;
  final EntityRuntime entity;
  final List<QueuedMessage> operations;
  final WorkStream stream;
  final long expiresAt;

  Lease(
      String token,
      EntityRuntime entity,
      List<QueuedMessage> operations,
      WorkStream stream,
      long expiresAt) {
    this.token = token;
    this.entity = entity;
    this.operations = List.copyOf(operations);
    this.stream = stream;
    this.expiresAt = expiresAt;
  }
}
