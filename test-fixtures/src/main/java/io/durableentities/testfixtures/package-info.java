/**
 * Internal test support for the modules' own tests, not a published API: {@link
 * io.durableentities.testfixtures.FakeSidecar}, an in-process fake of the Durable Task sidecar, and
 * the parts it is made of; {@link io.durableentities.testfixtures.TestCertificates}, a self-signed
 * certificate for TLS tests; {@link io.durableentities.testfixtures.ExportedSpans}, span lookups
 * for the tracing tests. Modules use it in test scope only.
 */
package io.durableentities.testfixtures;
