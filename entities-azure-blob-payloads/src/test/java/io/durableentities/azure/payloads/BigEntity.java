package io.durableentities.azure.payloads;

import io.durableentities.core.TaskEntity;

/** An entity whose state is a string that grows by each appended chunk; its name is {@code big}. */
public final class BigEntity extends TaskEntity<String> implements Big {

  @Override
  protected String initialState() {
    return "";
  }

  @Override
  public void append(String chunk) {
    state = state + chunk;
  }

  @Override
  public int length() {
    return state.length();
  }
}
