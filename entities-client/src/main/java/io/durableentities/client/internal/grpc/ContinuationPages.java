package io.durableentities.client.internal.grpc;

import com.google.protobuf.StringValue;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of a query the sidecar answers in pages, fetched one page at a time as the stream needs
 * them: the first with no continuation token, each next one with the token of the page before,
 * until a page carries none. A page may be empty and still carry a token.
 *
 * @param <P> the item as the protocol carries it
 * @param <T> the item as the caller sees it
 */
public final class ContinuationPages<P, T> implements Iterator<T> {

  /**
   * One page of a query.
   *
   * @param items the page's items
   * @param nextToken the token that fetches the next page, or {@code null} after the last
   * @param <P> the item as the protocol carries it
   */
  public record Page<P>(List<P> items, String nextToken) {

    /** Checks the items. */
    public Page {
      Objects.requireNonNull(items, "items");
    }
  }

  private final Function<String, Page<P>> fetch;
  private final Function<P, T> map;
  private Iterator<P> page = Collections.emptyIterator();
  private String token;
  private boolean started;

  private ContinuationPages(Function<String, Page<P>> fetch, Function<P, T> map) {
    this.fetch = Objects.requireNonNull(fetch, "fetch");
    this.map = Objects.requireNonNull(map, "map");
  }

  /**
   * A lazy, ordered stream over every page's items.
   *
   * @param fetch fetches the page after a token ({@code null} for the first)
   * @param map turns each item into what the caller sees, as the stream reaches it
   * @param <P> the item as the protocol carries it
   * @param <T> the item as the caller sees it
   * @return the stream; each page is fetched when the stream reaches it
   */
  public static <P, T> Stream<T> stream(Function<String, Page<P>> fetch, Function<P, T> map) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new ContinuationPages<>(fetch, map), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * The token of the next page from a response's optional field: {@code null} when it is absent or
   * empty (the sidecar's two ways of saying "last page").
   *
   * @param present whether the response has the field
   * @param token the field
   * @return the token, or {@code null} after the last page
   */
  public static String nextToken(boolean present, StringValue token) {
    return present && !token.getValue().isEmpty() ? token.getValue() : null;
  }

  @Override
  public boolean hasNext() {
    while (!page.hasNext()) {
      if (started && token == null) {
        return false;
      }
      Page<P> next = fetch.apply(token);
      started = true;
      page = next.items().iterator();
      token = next.nextToken();
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return map.apply(page.next());
  }
}
