package dev.quarry.retriever.index;

import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;

/** Turns a {@link Chunk} and its vector into the Lucene document the index stores. */
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
}
