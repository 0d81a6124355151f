package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;

/**
 * Says, for a person, why a request body could not be read as the JSON a call takes: where in the
 * body (e.g. {@code filters.mediaType[0]}) and what was expected there, in JSON's words, never a
 * Java class name. Decided by the failure's type.
 */
final class JsonProblems {

  private JsonProblems() {}

  /** The problem (always 400) for a body Jackson could not read. */
  static Problem of(JsonProcessingException e) {
    return Problem.of(400, detail(e));
  }

  static String detail(JsonProcessingException e) {
    StreamConstraintsException limit = find(e, StreamConstraintsException.class);
    if (limit != null) {
      return "The request body is nested too deeply (more than "
          + JsonLimits.MAX_NESTING_DEPTH
          + " levels of arrays and objects); no call takes that.";
    }
    InputCoercionException range = find(e, InputCoercionException.class);
    if (range != null) {
      return at(e) + "the number is out of range: " + range.getOriginalMessage() + ".";
    }
    if (e instanceof InvalidFormatException invalid) {
      return at(e)
          + "expected "
          + expected(invalid.getTargetType())
          + ", got "
          + quoted(invalid.getValue())
          + ".";
    }
    if (e instanceof MismatchedInputException mismatched) {
      return at(e) + "expected " + expected(mismatched.getTargetType()) + ".";
    }
    if (e instanceof JsonMappingException) {
      return at(e) + "the value cannot be read for this call.";
    }
    return "The request body is not valid JSON: " + e.getOriginalMessage() + where(e) + ".";
  }

  /** "k: " or "filters.mediaType[0]: ", or "The request body: " at the top. */
  private static String at(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return "The request body: ";
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return (path.isEmpty() ? "The request body" : path) + ": ";
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (CharSequence.class.isAssignableFrom(type) || type == char.class || type.isEnum()) {
      return "a text";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a JSON object";
    }
    return "another kind of value";
  }

  private static String quoted(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "…";
    }
    return value instanceof String ? "\"" + text + "\"" : text;
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The Jackson failure behind {@code failure}, if there is one. */
  static JsonProcessingException cause(Throwable failure) {
    return find(failure, JsonProcessingException.class);
  }
}
