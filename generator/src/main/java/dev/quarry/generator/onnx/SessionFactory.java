package dev.quarry.generator.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quarry.generator.GeneratorException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens an ONNX Runtime session on the provider {@link EngineOptions} asks for. */
final class SessionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

  /** A session and the provider it really runs on. */
  record OpenSession(OrtSession session, ExecutionProvider provider) {}

  private SessionFactory() {}

  /**
   * @throws GeneratorException if the graph cannot be loaded, or CUDA was required and failed
   */
  static OpenSession open(OrtEnvironment env, Path onnxFile, EngineOptions options) {
    if (options.provider() == ExecutionProvider.CPU) {
      return new OpenSession(create(env, onnxFile, options, false), ExecutionProvider.CPU);
    }
    try {
      return new OpenSession(create(env, onnxFile, options, true), ExecutionProvider.CUDA);
    } catch (GeneratorException e) {
      if (options.provider() == ExecutionProvider.CUDA) {
        throw e;
      }
      LOG.info(
          "execution provider auto: CUDA did not load ({}); running on CPU",
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      return new OpenSession(create(env, onnxFile, options, false), ExecutionProvider.CPU);
    }
  }

  private static OrtSession create(
      OrtEnvironment env, Path onnxFile, EngineOptions options, boolean cuda) {
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (options.interOpThreads() > 0) {
        so.setInterOpNumThreads(options.interOpThreads());
      }
      if (!options.spinning()) {
        so.addConfigEntry("session.intra_op.allow_spinning", "0");
        so.addConfigEntry("session.inter_op.allow_spinning", "0");
      }
      if (cuda) {
        so.addCUDA(options.cudaDeviceId());
      }
      // A path (not bytes) so ONNX Runtime finds external data files next to the graph.
      return env.createSession(onnxFile.toString(), so);
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      throw new GeneratorException(
          (cuda ? "cannot open the model on CUDA: " : "cannot open the ONNX model: ")
              + e.getMessage(),
          onnxFile,
          e);
    }
  }
}
