package io.durableentities.azure.payloads;

import io.durableentities.client.PayloadStore;
import java.util.concurrent.atomic.AtomicInteger;

/** A payload store that counts the payloads it stores and passes every call on to another one. */
final class CountingStore implements PayloadStore {

  private final PayloadStore store;
  private final AtomicInteger uploads = new AtomicInteger();

  CountingStore(PayloadStore store) {
    this.store = store;
  }

  /** Returns how many payloads were stored through this store. */
  int uploads() {
    return uploads.get();
  }

  @Override
  public String upload(String payload) {
    uploads.incrementAndGet();
    return store.upload(payload);
  }

  @Override
  public String download(String token) {
    return store.download(token);
  }

  @Override
  public boolean isKnownToken(String value) {
    return store.isKnownToken(value);
  }

  @Override
  public int thresholdBytes() {
    return store.thresholdBytes();
  }

  @Override
  public long maxPayloadBytes() {
    return store.maxPayloadBytes();
  }
}
