package io.durableentities.azure.payloads;

/** The operations of {@link BigEntity}. */
public interface Big {

  /**
   * Appends to the state.
   *
   * @param chunk what to append
   */
  void append(String chunk);

  /**
   * Returns the state's length.
   *
   * @return the length
   */
  int length();
}
