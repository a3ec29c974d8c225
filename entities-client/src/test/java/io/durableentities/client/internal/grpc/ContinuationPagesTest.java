package io.durableentities.client.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ContinuationPagesTest {

  /** Three pages, the middle one empty but with a token, keyed by the token that fetches them. */
  private static final Map<String, ContinuationPages.Page<Integer>> PAGES =
      Map.of(
          "", new ContinuationPages.Page<>(List.of(1, 2), "b"),
          "b", new ContinuationPages.Page<>(List.of(), "c"),
          "c", new ContinuationPages.Page<>(List.of(3), null));

  private final List<String> fetched = new ArrayList<>();

  private Stream<String> pages() {
    return ContinuationPages.stream(
        token -> {
          fetched.add(token);
          return PAGES.get(token == null ? "" : token);
        },
        n -> "#" + n);
  }

  @Test
  void everyPage_isFetchedWithThePreviousToken_throughAnEmptyPage_untilOneHasNone() {
    assertThat(pages()).containsExactly("#1", "#2", "#3");
    assertThat(fetched).containsExactly(null, "b", "c");
  }

  @Test
  void pages_areFetchedOnlyWhenTheStreamReachesThem() {
    Stream<String> stream = pages();
    assertThat(fetched).isEmpty();

    assertThat(stream.limit(2)).containsExactly("#1", "#2");
    assertThat(fetched).containsExactly((String) null);
  }

  @Test
  void pastTheLastItem_nextThrows() {
    Iterator<String> it = pages().iterator();
    it.next();
    it.next();
    it.next();

    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void anAbsentOrEmptyToken_meansTheLastPage() {
    assertThat(ContinuationPages.nextToken(false, StringValue.of("x"))).isNull();
    assertThat(ContinuationPages.nextToken(true, StringValue.of(""))).isNull();
    assertThat(ContinuationPages.nextToken(true, StringValue.of("x"))).isEqualTo("x");
  }
}
