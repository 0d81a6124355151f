package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexContract;
import dev.quarry.retriever.index.IndexSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The index contract on OpenSearch: a real 2-node OpenSearch 2.19.1 cluster with the k-NN plugin
 * ({@code ./quarry opensearch-dev}), each knowledge base index 2 shards × 1 replica. Runs when the
 * opensearch-dev module is built beside this one (as in {@code mvn verify} from the top); CI
 * requires it ({@code QUARRY_REQUIRE_OPENSEARCH}).
 */
class OpenSearchChunkIndexTest extends ChunkIndexContract {

  private static OpenSearchConnection connection;
  private static int indexes;

  private String kb;

  @BeforeAll
  static void connect() throws Exception {
    connection = SharedCluster.connect();
  }

  @AfterAll
  static void disconnect() {
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  protected ChunkIndex create(IndexSettings settings) {
    kb = "contract-" + (++indexes);
    return OpenSearchChunkIndex.open(connection, kb, settings, SharedEmbedder.get());
  }

  @Override
  protected ChunkIndex reopen(IndexSettings settings) {
    return OpenSearchChunkIndex.open(connection, kb, settings, SharedEmbedder.get());
  }
}
