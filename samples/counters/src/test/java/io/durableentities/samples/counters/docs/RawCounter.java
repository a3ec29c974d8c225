package io.durableentities.samples.counters.docs;

import io.durableentities.core.Entity;
import io.durableentities.core.EntityOperation;
import java.util.Locale;

// docs:start raw-counter
/** A counter written against the low-level {@link Entity} interface: no reflection. */
public final class RawCounter implements Entity {
  @Override
  public Object run(EntityOperation op) {
    long value = op.state().exists() ? op.state().get(Long.class) : 0L;
    switch (op.name().toLowerCase(Locale.ROOT)) {
      case "add" -> op.state().set(value + op.input(Long.class));
      case "get" -> {
        return value;
      }
      default -> throw new UnsupportedOperationException(op.name());
    }
    return null;
  }
}
// docs:end raw-counter
