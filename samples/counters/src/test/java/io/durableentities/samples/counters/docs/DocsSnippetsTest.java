package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block in README.md and docs/ is a region of a compiled source. With {@code
 * -Ddocs.update=true} the blocks are first rewritten from their regions.
 */
class DocsSnippetsTest {

  @TempDir Path tmp;

  @Test
  void everyJavaBlockInTheDocs_equalsItsCompiledRegion() {
    DocSnippets snippets = new DocSnippets(DocSnippets.findRoot());
    boolean update = Boolean.getBoolean("docs.update");
    List<String> problems = new ArrayList<>();

    for (Path doc : snippets.documents()) {
      problems.addAll(update ? snippets.update(doc) : snippets.check(doc));
    }

    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void check_namesTheDocLineAndRegion_ofEachProblem() throws Exception {
    write("src/A.java", "class A {", "  // docs:start a", "  int x = 1;", "  // docs:end a", "}");
    Path doc =
        write(
            "docs/x.md",
            "# x",
            "<!-- snippet: src/A.java#a -->",
            "```java",
            "int x = 2;",
            "```",
            "```java",
            "free();",
            "```",
            "<!-- snippet: src/A.java#missing -->",
            "```java",
            "```");

    List<String> problems = new DocSnippets(tmp).check(doc);

    assertThat(problems)
        .containsExactly(
            "docs/x.md:3: block differs from region src/A.java#a (first difference at block line"
                + " 1); run the docs update (see docs/README.md)",
            "docs/x.md:6: java block without a '<!-- snippet: path#region -->' marker on the line"
                + " before it",
            "docs/x.md:10: region src/A.java#missing: needs '// docs:start missing' then '//"
                + " docs:end missing'");
  }

  @Test
  void update_rewritesTheBlockFromItsRegion_deindented_withoutNestedMarkers() throws Exception {
    write(
        "src/A.java",
        "class A {",
        "  // docs:start a",
        "  void f() {",
        "    // docs:start inner",
        "    g();",
        "    // docs:end inner",
        "  }",
        "  // docs:end a",
        "}");
    Path doc = write("docs/x.md", "<!-- snippet: src/A.java#a -->", "```java", "old", "```", "end");
    DocSnippets snippets = new DocSnippets(tmp);

    assertThat(snippets.update(doc)).isEmpty();

    assertThat(Files.readAllLines(doc))
        .containsExactly(
            "<!-- snippet: src/A.java#a -->", "```java", "void f() {", "  g();", "}", "```", "end");
    assertThat(snippets.check(doc)).isEmpty();
  }

  private Path write(String path, String... lines) throws Exception {
    Path file = tmp.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.write(file, List.of(lines), StandardCharsets.UTF_8);
  }
}
