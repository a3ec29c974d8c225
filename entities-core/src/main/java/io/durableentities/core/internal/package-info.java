/**
 * Internals of the entity runtime: the batch executor, the task entity dispatch tables, type
 * helpers.
 *
 * <p><strong>No compatibility promise:</strong> these types are public only so that other modules
 * of this project can use them; they may change or disappear in any release. Applications must not
 * use them.
 */
package io.durableentities.core.internal;
