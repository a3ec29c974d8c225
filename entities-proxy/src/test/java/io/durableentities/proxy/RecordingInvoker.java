package io.durableentities.proxy;

import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.core.spi.RecordedCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A hand-written invoker fake: remembers each call and answers configured results by name. */
final class RecordingInvoker implements EntityInvoker {

  final List<RecordedCall> calls = new ArrayList<>();
  private final Map<String, Object> results = new HashMap<>();
  private final Object target;

  RecordingInvoker() {
    this("target");
  }

  RecordingInvoker(Object target) {
    this.target = target;
  }

  RecordingInvoker answer(String operation, Object result) {
    results.put(operation, result);
    return this;
  }

  @Override
  public Object invoke(OperationMetadata operation, Object input) {
    calls.add(new RecordedCall(operation, input));
    return results.get(operation.name());
  }

  @Override
  public Object target() {
    return target;
  }
}
