package dev.quarry.retriever.index;

import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.fusion.Hit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;
import org.apache.lucene.util.VectorUtil;

/**
 * A {@link KnowledgeIndex} snapshot: one Lucene searcher, whose top-level document ids are the
 * hits' {@code doc}.
 */
final class LuceneSnapshot implements IndexSnapshot {

  private final IndexSearcher searcher;
  private final Analyzer analyzer;
  private final VectorFormat vectorFormat;
  private final Path path;
  private StoredFields stored;

  LuceneSnapshot(IndexSearcher searcher, Analyzer analyzer, VectorFormat vectorFormat, Path path) {
    this.searcher = searcher;
    this.analyzer = analyzer;
    this.vectorFormat = vectorFormat;
    this.path = path;
  }

  @Override
  public List<Hit> bm25(String query, ChunkFilter filter, int n) {
    Query terms = new QueryBuilder(analyzer).createBooleanQuery(IndexFields.CONTENTS, query);
    if (terms == null) {
      return List.of(); // only stop words: the dense leg still understands the query
    }
    Query lucene = filter(filter);
    Query q =
        lucene == null
            ? terms
            : new BooleanQuery.Builder()
                .add(terms, BooleanClause.Occur.MUST)
                .add(lucene, BooleanClause.Occur.FILTER)
                .build();
    try {
      return hits(searcher.search(q, n), false);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  @Override
  public List<Hit> knn(float[] vector, ChunkFilter filter, int n) {
    try {
      TopDocs top =
          searcher.search(
              new KnnFloatVectorQuery(IndexFields.VECTOR, vector, n, filter(filter)), n);
      if (vectorFormat == VectorFormat.FLOAT32) {
        return hits(top, true);
      }
      // Int8 graphs score candidates on quantized vectors; the float vectors are still on disk, so
      // the candidates are re-scored exactly (an exact cosine ranks and fuses better).
      List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        hits.add(new Hit(sd.doc, VectorUtil.dotProduct(vector, vector(sd.doc))));
      }
      hits.sort((a, b) -> Float.compare(b.score(), a.score()));
      return hits;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** One searcher serves both legs, so they see the same version of every document. */
  @Override
  public Legs legs(LegsRequest request) {
    return new Legs(
        request.text() == null ? List.of() : bm25(request.text(), request.filter(), request.n()),
        request.vector() == null
            ? List.of()
            : knn(request.vector(), request.filter(), request.n()));
  }

  @Override
  public float[] vector(int doc) {
    try {
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
      FloatVectorValues values = leaf.reader().getFloatVectorValues(IndexFields.VECTOR);
      int local = doc - leaf.docBase;
      if (values == null || values.advance(local) != local) {
        throw new IOException("chunk " + doc + " has no vector");
      }
      return values.vectorValue().clone();
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  @Override
  public StoredChunk chunk(int doc) {
    try {
      if (stored == null) {
        stored = searcher.storedFields();
      }
      return ChunkDocuments.fromDocument(stored.document(doc));
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  @Override
  public List<StoredChunk> chunks(List<Integer> docs) {
    List<StoredChunk> chunks = new ArrayList<>(docs.size());
    docs.forEach(doc -> chunks.add(chunk(doc)));
    return chunks;
  }

  /** Lucene scores a dot product as (1 + cos) / 2; a hit reports the cosine itself. */
  private static List<Hit> hits(TopDocs top, boolean cosine) {
    List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      hits.add(new Hit(sd.doc, cosine ? 2 * sd.score - 1 : sd.score));
    }
    return hits;
  }

  /** The filter as one Lucene query that both legs apply before ranking; null when empty. */
  static Query filter(ChunkFilter filter) {
    if (filter.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (Map.Entry<String, List<String>> f : filter.anyOf().entrySet()) {
      String field =
          ChunkFilter.DOCUMENT_ID.equals(f.getKey())
              ? IndexFields.DOCUMENT_ID
              : IndexFields.META_PREFIX + f.getKey();
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (String value : f.getValue()) {
        any.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.SHOULD);
      }
      all.add(any.build(), BooleanClause.Occur.FILTER);
    }
    return all.build();
  }

  private IndexUnavailableException unreadable(IOException e) {
    return new IndexUnavailableException(
        "Searching the index at " + path + " failed: " + e, path, e);
  }
}
