package dev.quarry.retriever.index;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;

/** Turns a {@link Chunk} and its vector into the Lucene document the index stores, and back. */
final class ChunkDocuments {

  private ChunkDocuments() {}

  static String chunkId(String documentId, long version, int ordinal) {
    return documentId + ":" + version + ":" + ordinal;
  }

  static Document toDocument(String documentId, long version, Chunk chunk, float[] vector) {
    Document doc = new Document();
    doc.add(
        new StringField(
            IndexFields.CHUNK_ID, chunkId(documentId, version, chunk.ordinal()), Field.Store.YES));
    doc.add(new StringField(IndexFields.DOCUMENT_ID, documentId, Field.Store.YES));
    doc.add(new LongPoint(IndexFields.VERSION, version));
    doc.add(new StoredField(IndexFields.VERSION, version));
    doc.add(new IntPoint(IndexFields.ORDINAL, chunk.ordinal()));
    doc.add(new StoredField(IndexFields.ORDINAL, chunk.ordinal()));
    doc.add(new StoredField(IndexFields.TITLE, chunk.title()));
    doc.add(
        new StoredField(
            IndexFields.HEADINGS, String.join(IndexFields.HEADING_SEPARATOR, chunk.headingPath())));
    doc.add(new StoredField(IndexFields.TEXT, chunk.text()));
    doc.add(new TextField(IndexFields.CONTENTS, chunk.contextualText(), Field.Store.NO));
    doc.add(new StoredField(IndexFields.START, chunk.start()));
    doc.add(new StoredField(IndexFields.END, chunk.end()));
    if (chunk.page() != null) {
      doc.add(new StoredField(IndexFields.PAGE, chunk.page()));
    }
    for (Map.Entry<String, String> e : chunk.metadata().entrySet()) {
      doc.add(new StringField(IndexFields.META_PREFIX + e.getKey(), e.getValue(), Field.Store.YES));
    }
    // Vectors are unit length, so the dot product is the cosine and cheaper to compute.
    doc.add(
        new KnnFloatVectorField(IndexFields.VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }

  /** A stored Lucene document as the chunk it holds. */
  static StoredChunk fromDocument(Document d) {
    String headings = d.get(IndexFields.HEADINGS);
    IndexableField page = d.getField(IndexFields.PAGE);
    return new StoredChunk(
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
        metadata(d));
  }

  /** The metadata fields of a stored document, by key without the prefix. */
  static Map<String, String> metadata(Document d) {
    Map<String, String> metadata = new TreeMap<>();
    for (IndexableField f : d.getFields()) {
      if (f.name().startsWith(IndexFields.META_PREFIX)) {
        metadata.put(f.name().substring(IndexFields.META_PREFIX.length()), f.stringValue());
      }
    }
    return metadata;
  }
}
