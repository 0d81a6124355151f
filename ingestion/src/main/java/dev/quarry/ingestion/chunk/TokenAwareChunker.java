package dev.quarry.ingestion.chunk;

import dev.quarry.ingestion.parse.BlockKind;
import dev.quarry.ingestion.parse.ParsedDocument;
import dev.quarry.ingestion.parse.TextBlock;
import dev.quarry.retriever.embed.TokenCounter;
import dev.quarry.retriever.index.Chunk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts a document into chunks measured with the embedding model's own tokenizer.
 *
 * <ol>
 *   <li>Group the blocks into sections: a heading or a new page starts a new section (so every
 *       chunk has one exact page to cite), and the heading path travels with every chunk of it
 *       (headings themselves are not chunk text; {@link Chunk#contextualText()} puts them in front
 *       of it).
 *   <li>Cut each block into sentences, and overlong sentences at words ({@link SpanSplitter}).
 *   <li>Pack sentences into chunks of about {@link ChunkingSettings#targetTokens()}, closing a
 *       chunk early at a paragraph boundary when the next paragraph would not fit whole.
 *   <li>Start each next chunk of a section with the last sentences of the previous one, up to
 *       {@link ChunkingSettings#overlapTokens()}.
 * </ol>
 *
 * <p>Guarantees: a chunk's text plus its title and heading path fits the model's window ({@link
 * TokenCounter#maxContentTokens()}; the text alone always does, even under very long headings);
 * chunks never cut inside a word unless one word alone is longer than the window; {@code
 * document.text().substring(start, end)} is the chunk's text. Thread-safe.
 */
public final class TokenAwareChunker implements Chunker {

  /** The text of a chunk keeps at least this share of the window, however long its headings. */
  private static final int MIN_TEXT_SHARE = 2;

  private final TokenCounter counter;
  private final ChunkingSettings settings;
  private final SpanSplitter splitter;

  /**
   * @throws IllegalArgumentException if the target is larger than the model's window
   */
  public TokenAwareChunker(TokenCounter counter, ChunkingSettings settings) {
    this.counter = Objects.requireNonNull(counter, "counter");
    this.settings = Objects.requireNonNull(settings, "settings");
    if (settings.targetTokens() > counter.maxContentTokens()) {
      throw new IllegalArgumentException(
          "targetTokens "
              + settings.targetTokens()
              + " exceeds the embedding model's window of "
              + counter.maxContentTokens()
              + " tokens");
    }
    this.splitter = new SpanSplitter(counter);
  }

  public ChunkingSettings settings() {
    return settings;
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, Map<String, String> metadata) {
    Map<String, String> fields = new HashMap<>(document.metadata());
    fields.putAll(metadata);
    List<Chunk> chunks = new ArrayList<>();
    List<TextBlock> blocks = document.blocks();
    int i = 0;
    while (i < blocks.size()) {
      if (blocks.get(i).kind() == BlockKind.HEADING) {
        i++;
        continue;
      }
      int j = i + 1; // the section: body blocks under the same heading path, on the same page
      while (j < blocks.size()
          && blocks.get(j).kind() != BlockKind.HEADING
          && blocks.get(j).headingPath().equals(blocks.get(i).headingPath())
          && Objects.equals(blocks.get(j).page(), blocks.get(i).page())) {
        j++;
      }
      new SectionPacker(document, blocks.subList(i, j), fields, chunks).pack();
      i = j;
    }
    return chunks;
  }

  /** Tokens the chunk's own text may use: the window minus its title and heading path. */
  private int textLimit(String title, List<String> headingPath) {
    String context = new Chunk(0, title, headingPath, "x", 0, 1, null, Map.of()).contextualText();
    int contextTokens = counter.countTokens(context) - 1; // less the placeholder "x"
    int window = counter.maxContentTokens();
    return Math.max(window / MIN_TEXT_SHARE, window - contextTokens);
  }

  /** Packs the sentences of one section into chunks, appending them to {@code out}. */
  private final class SectionPacker {
    private final ParsedDocument document;
    private final List<TextBlock> section;
    private final Map<String, String> fields;
    private final List<Chunk> out;
    private final int limit;
    private final int target;

    SectionPacker(
        ParsedDocument document,
        List<TextBlock> section,
        Map<String, String> fields,
        List<Chunk> out) {
      this.document = document;
      this.section = section;
      this.fields = fields;
      this.out = out;
      this.limit = textLimit(document.title(), section.get(0).headingPath());
      this.target = Math.min(settings.targetTokens(), limit);
    }

    void pack() {
      List<Span> spans = new ArrayList<>();
      int[] blockTokens = new int[section.size()];
      for (int b = 0; b < section.size(); b++) {
        TextBlock block = section.get(b);
        for (Span s : splitter.split(document.text(), block.start(), block.end(), b, limit)) {
          spans.add(s);
          blockTokens[b] += s.tokens();
        }
      }
      List<Span> current = new ArrayList<>();
      int tokens = 0;
      for (Span span : spans) {
        boolean overTarget = tokens + span.tokens() > target;
        boolean paragraphBreak =
            span.firstInBlock()
                && tokens >= target / 2
                && tokens + blockTokens[span.block()] > target;
        if (!current.isEmpty() && (overTarget || paragraphBreak)) {
          emit(current);
          current = overlap(current, span);
          tokens = current.stream().mapToInt(Span::tokens).sum();
        }
        current.add(span);
        tokens += span.tokens();
      }
      if (!current.isEmpty()) {
        emit(current);
      }
    }

    /** The last spans of {@code previous} within the overlap budget that leave room for next. */
    private List<Span> overlap(List<Span> previous, Span next) {
      List<Span> tail = new ArrayList<>();
      int tokens = 0;
      for (int k = previous.size() - 1; k > 0; k--) { // never the whole previous chunk
        Span s = previous.get(k);
        if (tokens + s.tokens() > settings.overlapTokens()
            || tokens + s.tokens() + next.tokens() > limit) {
          break;
        }
        tail.add(0, s);
        tokens += s.tokens();
      }
      return tail;
    }

    /** Emits spans as one chunk, halving them if the whole measures over the limit. */
    private void emit(List<Span> spans) {
      int start = spans.get(0).start();
      int end = spans.get(spans.size() - 1).end();
      String text = document.text().substring(start, end);
      if (spans.size() > 1 && counter.countTokens(text) > limit) {
        int half = spans.size() / 2;
        emit(spans.subList(0, half));
        emit(spans.subList(half, spans.size()));
        return;
      }
      TextBlock first = section.get(spans.get(0).block());
      out.add(
          new Chunk(
              out.size(),
              document.title(),
              first.headingPath(),
              text,
              start,
              end,
              first.page(),
              fields));
    }
  }
}
