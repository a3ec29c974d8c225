/**
 * What the scheduler accepts as ids and names, and how it quotes what a caller sent: shared by the
 * gRPC layer (which checks requests before the engine sees them) and the engine (which checks what
 * workers send). Internal: no compatibility promise.
 */
package io.durableentities.scheduler.internal.limits;
