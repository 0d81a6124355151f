package dev.quarry.retriever.bench;

import dev.quarry.retriever.cli.Cli;
import dev.quarry.retriever.index.IndexFields;
import dev.quarry.retriever.index.VectorFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * HNSW at scale: indexes N seeded random unit vectors in the vector format the retriever uses, then
 * measures kNN latency and recall@10 against exact search.
 *
 * <p>{@code ./quarry bench-vectors --vectors 1000000 --format INT8}
 */
@Command(
    name = "bench-vectors",
    mixinStandardHelpOptions = true,
    description = "HNSW build time, kNN latency, recall@10 vs exact search, size and heap.")
public final class VectorScaleBench implements Callable<Integer> {

  @Option(names = "--vectors", defaultValue = "1000000")
  int count;

  @Option(names = "--dimension", defaultValue = "384")
  int dimension;

  @Option(names = "--queries", defaultValue = "1000")
  int queries;

  @Option(names = "--format", defaultValue = "INT8", description = "${COMPLETION-CANDIDATES}")
  VectorFormat format;

  @Option(
      names = "--candidates",
      split = ",",
      defaultValue = "10,100,200,400,800",
      description =
          "kNN candidate counts to measure on the one graph (Lucene's k, HNSW's ef); top 10 kept")
  List<Integer> candidates;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(
      names = "--clusters",
      defaultValue = "1000",
      description =
          "Draw vectors around this many random centres, like real embeddings, which fill a"
              + " low-dimensional part of the space; 0 = uniform on the sphere (HNSW's worst case)")
  int clusters;

  public static void main(String[] args) {
    Cli.exec(new VectorScaleBench(), args);
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("quarry-bench-vectors-");
    try {
      run(dir);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    return 0;
  }

  private void run(Path dir) throws Exception {
    System.out.printf(
        "%d vectors x %d dims (%s), format %s, seed %d, %d queries, %d cores, max heap %d MiB%n",
        count,
        dimension,
        clusters > 0 ? clusters + " clusters" : "uniform",
        format,
        seed,
        queries,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    float[][] centres = clusters > 0 ? randomUnitVectors(clusters, new Random(seed), null) : null;
    float[][] data = randomUnitVectors(count, new Random(seed + 1), centres);
    float[][] query = randomUnitVectors(queries, new Random(seed + 2), centres);
    long t0 = System.nanoTime();
    try (FSDirectory directory = FSDirectory.open(dir)) {
      build(directory, data);
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      long bytes = 0;
      for (String f : directory.listAll()) {
        bytes += directory.fileLength(f);
      }
      System.out.printf("build (index + force-merge to one graph): %.1f s%n", buildSeconds);
      System.out.printf("index size on disk: %.1f MiB%n", bytes / 1048576.0);
      int[][] exact = exactTop10(data, query);
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (int k : candidates) {
          measure(searcher, query, exact, k, false);
          if (format == VectorFormat.INT8) {
            measure(searcher, query, exact, k, true);
          }
        }
      }
      System.gc();
      long heap =
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
              - (long) count * dimension * Float.BYTES;
      System.out.printf(
          "heap used with the index open, beyond the raw input vectors: %.1f MiB%n",
          heap / 1048576.0);
    }
  }

  private void build(FSDirectory directory, float[][] data) throws Exception {
    KnnVectorsFormat vectors = luceneFormat();
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(
                new Lucene912Codec() {
                  @Override
                  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return vectors;
                  }
                })
            .setRAMBufferSizeMB(1024);
    int threads = Runtime.getRuntime().availableProcessors();
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      ExecutorService pool =
          Executors.newFixedThreadPool(threads, namedDaemons("quarry-bench-index-%d"));
      try {
        Future<?>[] parts = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
          int part = t;
          parts[t] =
              pool.submit(
                  () -> {
                    for (int i = part; i < data.length; i += threads) {
                      Document doc = new Document();
                      doc.add(new StoredField("id", i));
                      doc.add(
                          new KnnFloatVectorField(
                              IndexFields.VECTOR, data[i], VectorSimilarityFunction.DOT_PRODUCT));
                      writer.addDocument(doc);
                    }
                    return null;
                  });
        }
        for (Future<?> f : parts) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      writer.forceMerge(1);
      writer.commit();
    }
  }

  // Named daemon threads, made the way every pool in the product makes them (BasicThreadFactory).
  private static ThreadFactory namedDaemons(String namingPattern) {
    return BasicThreadFactory.builder().namingPattern(namingPattern).daemon(true).build();
  }

  // The retriever's own format, but with merge workers so the one-graph merge uses every core.
  private KnnVectorsFormat luceneFormat() {
    int workers = Runtime.getRuntime().availableProcessors();
    ExecutorService merges =
        Executors.newFixedThreadPool(workers, namedDaemons("quarry-bench-merge-%d"));
    return switch (format) {
      case FLOAT32 ->
          new org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat(
              VectorFormat.MAX_CONNECTIONS, VectorFormat.BEAM_WIDTH, workers, merges);
      case INT8 ->
          new org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat(
              VectorFormat.MAX_CONNECTIONS,
              VectorFormat.BEAM_WIDTH,
              workers,
              7,
              false,
              null,
              merges);
    };
  }

  /**
   * Latency and recall@10 of the top 10 out of {@code k} HNSW candidates; with {@code rescore}, the
   * k candidates are re-ranked on their float vectors first, as the retriever does for int8 graphs.
   */
  private void measure(
      IndexSearcher searcher, float[][] query, int[][] exact, int k, boolean rescore)
      throws IOException {
    for (int i = 0; i < Math.min(200, query.length); i++) { // warm-up
      top10(searcher, query[i], k, rescore);
    }
    long[] nanos = new long[query.length];
    double recall = 0;
    for (int i = 0; i < query.length; i++) {
      long t = System.nanoTime();
      ScoreDoc[] top = top10(searcher, query[i], k, rescore);
      nanos[i] = System.nanoTime() - t;
      Set<Integer> truth = new HashSet<>();
      for (int d : exact[i]) {
        truth.add(d);
      }
      int found = 0;
      for (ScoreDoc sd : top) {
        int id = searcher.storedFields().document(sd.doc).getField("id").numericValue().intValue();
        found += truth.contains(id) ? 1 : 0;
      }
      recall += found / 10.0;
    }
    Arrays.sort(nanos);
    System.out.printf(
        "kNN top 10 of %d candidates%s: p50 %.2f ms, p99 %.2f ms, recall@10 %.4f%n",
        k,
        rescore ? ", re-scored on float vectors" : "",
        nanos[nanos.length / 2] / 1e6,
        nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
        recall / query.length);
  }

  private static ScoreDoc[] top10(IndexSearcher searcher, float[] query, int k, boolean rescore)
      throws IOException {
    KnnFloatVectorQuery knn = new KnnFloatVectorQuery(IndexFields.VECTOR, query, k);
    if (!rescore) {
      return searcher.search(knn, 10).scoreDocs;
    }
    ScoreDoc[] candidates = searcher.search(knn, k).scoreDocs;
    LeafReader leaf = searcher.getIndexReader().leaves().get(0).reader(); // force-merged: one leaf
    FloatVectorValues vectors = leaf.getFloatVectorValues(IndexFields.VECTOR);
    Arrays.sort(candidates, Comparator.comparingInt(sd -> sd.doc)); // the values only go forward
    for (ScoreDoc sd : candidates) {
      vectors.advance(sd.doc);
      sd.score = VectorUtil.dotProduct(query, vectors.vectorValue());
    }
    Arrays.sort(candidates, (a, b) -> Float.compare(b.score, a.score));
    return Arrays.copyOf(candidates, Math.min(10, candidates.length));
  }

  private static int[][] exactTop10(float[][] data, float[][] query) {
    long t = System.nanoTime();
    int[][] out = new int[query.length][];
    IntStream.range(0, query.length)
        .parallel()
        .forEach(
            q -> {
              int[] best = new int[10];
              float[] score = new float[10];
              Arrays.fill(score, Float.NEGATIVE_INFINITY);
              for (int i = 0; i < data.length; i++) {
                float s = dot(data[i], query[q]);
                if (s > score[9]) {
                  int j = 9;
                  while (j > 0 && score[j - 1] < s) {
                    score[j] = score[j - 1];
                    best[j] = best[j - 1];
                    j--;
                  }
                  score[j] = s;
                  best[j] = i;
                }
              }
              out[q] = best;
            });
    System.out.printf("exact search (ground truth): %.1f s%n", (System.nanoTime() - t) / 1e9);
    return out;
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Unit vectors: uniform on the sphere, or a centre plus noise of the same norm. */
  private float[][] randomUnitVectors(int n, Random random, float[][] centres) {
    float[][] out = new float[n][dimension];
    for (float[] v : out) {
      float[] centre = centres == null ? null : centres[random.nextInt(centres.length)];
      for (int i = 0; i < dimension; i++) {
        v[i] = (float) (random.nextGaussian() / Math.sqrt(dimension));
        if (centre != null) {
          v[i] += centre[i];
        }
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dimension; i++) {
        v[i] *= inv;
      }
    }
    return out;
  }
}
