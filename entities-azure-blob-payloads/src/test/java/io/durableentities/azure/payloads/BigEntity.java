package io.durableentities.azure.payloads;

import io.durableentities.core.TaskEntity;
import java.util.ArrayList;
import java.util.List;

/**
 * An entity whose state is a list of appended chunks (each string stays below Jackson's default
 * limit of 20 million characters); its name is {@code big}.
 */
public final class BigEntity extends TaskEntity<List<String>> implements Big {

  @Override
  protected List<String> initialState() {
    return new ArrayList<>();
  }

  @Override
  public void append(String chunk) {
    state.add(chunk);
  }

  @Override
  public int length() {
    return state.stream().mapToInt(String::length).sum();
  }
}
