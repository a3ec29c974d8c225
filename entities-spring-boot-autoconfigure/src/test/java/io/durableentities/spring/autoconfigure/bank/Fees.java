package io.durableentities.spring.autoconfigure.bank;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** A singleton service injected into entities; counts the entity objects made. */
@Component
public class Fees {

  private final AtomicInteger entitiesMade = new AtomicInteger();

  /**
   * The fee of a deposit.
   *
   * @return the fee in cents
   */
  public long depositFee() {
    return 1;
  }

  /** Counts one more entity object. */
  void entityMade() {
    entitiesMade.incrementAndGet();
  }

  /**
   * How many entity objects were made.
   *
   * @return the count
   */
  public int entitiesMade() {
    return entitiesMade.get();
  }
}
