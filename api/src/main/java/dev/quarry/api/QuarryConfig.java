package dev.quarry.api;

import dev.quarry.generator.WhenUnavailable;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code quarry.*} setting, each also an environment variable ({@code quarry.data-dir} is
 * {@code QUARRY_DATA_DIR}). docs/configuration.md lists them with their defaults.
 */
@ConfigMapping(prefix = "quarry")
public interface QuarryConfig {

  /** Where the catalogue (H2), blobs, indexes and models live. */
  @WithDefault("./data")
  Path dataDir();

  Auth auth();

  Limits limits();

  Ingestion ingestion();

  Retrieval retrieval();

  Index index();

  OpenSearch opensearch();

  Generator generator();

  Answers answers();

  Demo demo();

  Sync sync();

  Replicas replicas();

  /**
   * Several servers on one catalogue (PostgreSQL) and one OpenSearch cluster: each server holds a
   * lease in the catalogue, renewed every {@link #heartbeat()}; the jobs of a server whose lease
   * ran out are queued again for the others (docs/deployment.md, "Scaling out").
   */
  interface Replicas {
    /** How often a server renews its lease and looks for work a stopped server left. */
    @WithDefault("PT5S")
    Duration heartbeat();

    /**
     * How long after its last heartbeat a server counts as gone: its running jobs are queued again
     * and its partial uploads deleted. Several heartbeats long, so a pause does not look like a
     * crash.
     */
    @WithDefault("PT30S")
    Duration lease();
  }

  /** Who may call the API. */
  interface Auth {
    /**
     * The key that may do everything. When unset, one is generated on first start into {@code
     * <data-dir>/admin-key} and its location logged.
     */
    Optional<String> adminKey();
  }

  /** What one request may carry. */
  interface Limits {
    /** Largest file accepted in an upload (413 above). */
    @WithDefault("52428800")
    long maxFileBytes();

    /** Most files in one upload request (413 above). */
    @WithDefault("200")
    int maxFilesPerRequest();

    /** Largest HTTP request body, all files of one upload together (413 above), e.g. 1G. */
    @WithDefault("1G")
    MemorySize maxRequestBytes();

    /** Longest question or query, in characters (400 above). */
    @WithDefault("4000")
    int maxQueryChars();

    /** Most passages one search or question may ask for. */
    @WithDefault("50")
    int maxK();

    /**
     * Longest pause between two pieces of a request body; a body that stalls longer is cut off
     * (408).
     */
    @WithDefault("PT10S")
    Duration bodyReadTimeout();

    /** Longest time to receive a whole request body that is not an upload (JSON). */
    @WithDefault("PT30S")
    Duration bodyDeadline();

    /** Longest time to receive a whole upload (every file of the request). */
    @WithDefault("PT10M")
    Duration uploadDeadline();

    /** Uploads one key may have in flight at once (429 with Retry-After above). */
    @WithDefault("4")
    int maxConcurrentUploadsPerKey();
  }

  /** The background ingestion jobs. */
  interface Ingestion {
    /** Batches of documents ingested at the same time (each on a thread of its own). */
    @WithDefault("2")
    int workers();

    /**
     * Most documents of one knowledge base taken into one batch: parsed one after another while the
     * previous ones are embedded, and committed to the index together (one commit per about 512
     * chunks). A single upload still starts at once, as a batch of one.
     */
    @WithDefault("32")
    int batchDocuments();

    /**
     * How long a job failing for a transient reason (index, I/O) is retried, counted from its first
     * failure; then it ends FAILED. A file that cannot be parsed fails at once.
     */
    @WithDefault("PT15M")
    Duration retryFor();

    /** Wait before the first retry; doubled for each further one, up to max-retry-backoff. */
    @WithDefault("PT2S")
    Duration retryBackoff();

    /** Longest wait between two tries of a job, and between two probes of an unavailable index. */
    @WithDefault("PT1M")
    Duration maxRetryBackoff();

    /** How often the queue is checked for due jobs (new uploads wake it at once). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * Longest parse of one file (text extraction and OCR of all its pages); a file over it fails
     * with a reason. Raise it for long scans: OCR reads about 0.3–0.4 pages a second per core.
     */
    @WithDefault("PT1M")
    Duration parseTimeout();

    /** Reading images and PDF pages without a text layer (Tesseract). */
    Ocr ocr();
  }

  /** OCR of images (PNG, JPEG, TIFF, BMP, GIF) and of PDF pages without a text layer. */
  interface Ocr {
    /** Whether OCR runs; when off, images and PDFs without a text layer fail with a reason. */
    @WithDefault("true")
    boolean enabled();

    /** Tesseract languages tried on every page, each needing its pack (tesseract-ocr-deu ...). */
    @WithDefault("eng")
    List<String> languages();

    /** Longest OCR of one image or page (whole seconds); a page over it fails the file. */
    @WithDefault("PT30S")
    Duration pageTimeout();

    /** Largest image, or PDF page rendered at 300 DPI, in pixels; read from the header first. */
    @WithDefault("100000000")
    long maxImagePixels();
  }

  /** Where the knowledge bases' indexes live. */
  interface Index {
    /**
     * {@code embedded}: Lucene, one directory per knowledge base under {@code <data-dir>/indexes};
     * {@code opensearch}: one index per knowledge base on the OpenSearch cluster that {@code
     * quarry.opensearch.*} names (docs/opensearch.md).
     */
    @WithDefault("embedded")
    Backend backend();

    /**
     * The embedding model of a knowledge base created without one: {@code bge-small-en-v1.5-q} or
     * {@code all-minilm-l6-v2-q} (both ship in the jar; GET /api/embedding-models lists them). A
     * knowledge base keeps its own model; a PATCH of {@code embeddingModel} re-indexes it with
     * another.
     */
    @WithDefault("bge-small-en-v1.5-q")
    String embeddingModel();

    /** The index engines. */
    enum Backend {
      EMBEDDED,
      OPENSEARCH
    }
  }

  /** The OpenSearch cluster of {@code quarry.index.backend=opensearch}. */
  interface OpenSearch {
    /**
     * The nodes' HTTP addresses, comma-separated ({@code http://os1:9200,http://os2:9200});
     * required with the opensearch backend.
     */
    Optional<List<java.net.URI>> hosts();

    /** Basic-auth user of a cluster with security; set with the password, or neither. */
    Optional<String> username();

    /** Basic-auth password. */
    Optional<String> password();

    /** Primary shards of each new knowledge base index. */
    @WithDefault("1")
    int shards();

    /** Copies of each shard on other nodes (1 survives the loss of a node). */
    @WithDefault("1")
    int replicas();

    /** Prepended to the knowledge base id to name its index. */
    @WithDefault("quarry-")
    String indexPrefix();

    /** How long one request to the cluster may take before it fails as unavailable. */
    @WithDefault("PT30S")
    Duration timeout();

    /**
     * A PEM file of the certificates that sign the cluster's own (its CA, or self-signed node
     * certificates) for https:// hosts; unset: the JVM's trust store decides.
     */
    Optional<Path> caCertificate();

    /**
     * Whether a new knowledge base index keeps the vectors out of its stored _source (the k-NN
     * plugin's derived source: about 40 % less disk, faster passage reads). Off by default: it is
     * experimental in OpenSearch 2.19, where a replica that recovers while chunks are written can
     * stall every write to its shard (k-NN issue 2625); turn it on for clusters on 3.0 or later,
     * where it is fixed and the default; Quarry logs a warning when it creates such an index on a
     * cluster before 3.0. A cluster older than 2.19 refuses it. Existing indexes keep what they
     * were created with.
     */
    @WithDefault("false")
    boolean derivedSource();
  }

  /** Retrieval defaults. */
  interface Retrieval {
    /** Passages a search or question gets when the request does not say. */
    @WithDefault("5")
    int defaultK();

    /**
     * Results each leg (BM25, dense) takes before fusion; for the dense leg also the HNSW search
     * width. 100 finds the exact nearest chunks up to a few hundred thousand chunks per knowledge
     * base; at a million, 400 brings recall@10 from 0.85 to 0.97 for about 0.5 ms more.
     */
    @WithDefault("100")
    int candidates();
  }

  /** The answer generator. */
  interface Generator {
    /**
     * Who writes answers: {@code onnx}, the installed model named by {@code model} run in this
     * process (none named: extractive answers); or {@code openai}, an OpenAI-compatible server
     * ({@code quarry.generator.openai.*}). Prompt, citations, grounding and abstention are the same
     * for both.
     */
    @WithDefault("onnx")
    Backend backend();

    /**
     * Name of an installed model under {@code <data-dir>/models} ({@code ./quarry models list}),
     * for the {@code onnx} backend. Unset: answers are extractive.
     */
    Optional<String> model();

    /** {@code cpu}, {@code cuda} or {@code auto}. */
    @WithDefault("cpu")
    String provider();

    /** The GPU used by {@code cuda} and {@code auto}. */
    @WithDefault("0")
    int deviceId();

    /** Most tokens in one generated answer. */
    @WithDefault("384")
    int maxAnswerTokens();

    /** The server of the {@code openai} backend. */
    OpenAi openai();
  }

  /** Where answers are written. */
  enum Backend {
    /** In this process, by ONNX Runtime. */
    ONNX,
    /** By an OpenAI-compatible server: Ollama, vLLM, llama.cpp's server, LM Studio. */
    OPENAI
  }

  /** The OpenAI-compatible server that writes answers with {@code backend=openai}. */
  interface OpenAi {
    /**
     * The server's OpenAI API root, up to and including {@code /v1}: {@code
     * http://localhost:11434/v1} (Ollama), {@code http://localhost:8000/v1} (vLLM), {@code
     * http://localhost:8080/v1} (llama.cpp's server), {@code http://localhost:1234/v1} (LM Studio).
     * Required with {@code backend=openai}.
     */
    Optional<String> baseUrl();

    /** The model name the server knows, e.g. {@code llama3.2:3b}. Required with the backend. */
    Optional<String> model();

    /** Sent as {@code Authorization: Bearer}; unset for servers that take no key. */
    Optional<String> apiKey();

    /**
     * Longest wait to connect, for the server's first reply, and between two streamed pieces; past
     * it the server counts as unavailable.
     */
    @WithDefault("PT60S")
    Duration timeout();

    /**
     * Tokens the server's model takes, prompt and answer together; sources are packed to fit.
     * Counted with an estimate (OpenAI's o200k tokenizer), so leave some room below the server's.
     */
    @WithDefault("4096")
    int contextWindow();

    /** Whether to ask for answers as a stream of pieces (else each in one reply). */
    @WithDefault("true")
    boolean stream();

    /**
     * What a question gets while the server is down, failing or silent past the timeout: {@code
     * fail}, a 503 problem with {@code Retry-After}; or {@code extractive}, the extractive answer
     * with a {@code notice} saying why.
     */
    @WithDefault("fail")
    WhenUnavailable onUnavailable();
  }

  /** How answers are judged and composed, with a model or without. */
  interface Answers {
    /**
     * Evidence strength a question needs to be answered, in [0, 1]: the mean of the best retrieved
     * passage's cosine to the question (the dense leg's score) and the best sentence's embedding
     * similarity to it. Below it the answer is {@code abstained} with reason {@code weak_evidence}.
     * 0 never declines for weak evidence. A request may override it ({@code minEvidence}). The
     * default comes from the calibration table in docs/benchmarks.md.
     */
    @WithDefault("0.65")
    double minEvidence();

    /** Most sentences in an extractive answer. */
    @WithDefault("3")
    int maxSentences();
  }

  /** The demo knowledge base made on first start. */
  interface Demo {
    /** Whether to create it when the catalogue has no knowledge base at all. */
    @WithDefault("true")
    boolean enabled();

    /** The folder whose Markdown files it holds. */
    @WithDefault("docs")
    Path source();
  }

  /** Folders the server mirrors into knowledge bases (docs/sync.md). */
  interface Sync {
    /**
     * The folders, by knowledge base name: {@code quarry.sync.folders."manuals".path=/srv/manuals}.
     * A knowledge base that does not exist is created at the first poll.
     */
    Map<String, SyncFolder> folders();

    /** How often every folder is compared with its knowledge base. */
    @WithDefault("PT1M")
    Duration interval();
  }

  /** One mirrored folder. */
  interface SyncFolder {
    /** The folder; its files are read, never changed. */
    Path path();
  }
}
