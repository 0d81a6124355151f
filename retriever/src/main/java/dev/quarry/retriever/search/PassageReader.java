package dev.quarry.retriever.search;

import dev.quarry.retriever.fusion.FusedHit;
import dev.quarry.retriever.index.IndexFields;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;

/** Reads stored fields and vectors of hits from one point-in-time searcher. */
final class PassageReader {

  private PassageReader() {}

  static Passage passage(IndexSearcher searcher, StoredFields stored, FusedHit hit, float score)
      throws IOException {
    Document d = stored.document(hit.doc());
    Map<String, String> metadata = new TreeMap<>();
    for (IndexableField f : d.getFields()) {
      if (f.name().startsWith(IndexFields.META_PREFIX)) {
        metadata.put(f.name().substring(IndexFields.META_PREFIX.length()), f.stringValue());
      }
    }
    String headings = d.get(IndexFields.HEADINGS);
    IndexableField page = d.getField(IndexFields.PAGE);
    return new Passage(
        d.get(IndexFields.CHUNK_ID),
        d.get(IndexFields.DOCUMENT_ID),
        d.getField(IndexFields.VERSION).numericValue().longValue(),
        d.getField(IndexFields.ORDINAL).numericValue().intValue(),
        d.get(IndexFields.TITLE),
        headings == null || headings.isEmpty()
            ? List.of()
            : Arrays.asList(headings.split(IndexFields.HEADING_SEPARATOR)),
        d.get(IndexFields.TEXT),
        d.getField(IndexFields.START).numericValue().intValue(),
        d.getField(IndexFields.END).numericValue().intValue(),
        page == null ? null : page.numericValue().intValue(),
        metadata,
        score,
        hit.bm25() == null ? null : new LegScore(hit.bm25().score(), hit.bm25Rank()),
        hit.dense() == null ? null : new LegScore(hit.dense().score(), hit.denseRank()));
  }

  /** The stored vector of a top-level document id. */
  static float[] vector(IndexSearcher searcher, int doc) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    FloatVectorValues values = leaf.reader().getFloatVectorValues(IndexFields.VECTOR);
    int local = doc - leaf.docBase;
    if (values == null || values.advance(local) != local) {
      throw new IOException("chunk " + doc + " has no vector");
    }
    return values.vectorValue().clone();
  }
}
