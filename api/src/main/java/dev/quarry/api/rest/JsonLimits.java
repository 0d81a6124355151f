package dev.quarry.api.rest;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Limits on the JSON the server reads: no Quarry request nests deeper than a few levels, so a body
 * nested deeper than {@link #MAX_NESTING_DEPTH} is refused as soon as the parser reaches that depth
 * (a 400 that says so, see {@link JsonProblems}), before any of it is bound.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

  /** Most levels of arrays and objects in one request body. */
  public static final int MAX_NESTING_DEPTH = 64;

  @Override
  public void customize(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
  }
}
