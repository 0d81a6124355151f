package dev.quarry.api.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which HTTP methods the API's resources take on a path, read from their JAX-RS annotations.
 * Quarkus REST answers 404 instead of 405 when a path matches a resource of one class but the
 * method is taken only by another class under the same prefix (e.g. {@code PUT
 * /api/kbs/{kb}/search}); this table lets {@link ProblemMapper} answer 405 with {@code Allow} there
 * too. Immutable.
 */
final class ApiRoutes {

  /** A resource method's path as a pattern and as declared, and its HTTP method. */
  private record Route(Pattern path, String template, String method) {}

  private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w+\\s*(?::\\s*([^}]+))?}");

  private static final List<Class<?>> RESOURCES =
      List.of(
          AskResource.class,
          ChatCompletionsResource.class,
          ConversationResource.class,
          DocumentResource.class,
          EmbeddingModelResource.class,
          EventsResource.class,
          KeyResource.class,
          KnowledgeBaseResource.class,
          SearchResource.class);

  static final ApiRoutes API = new ApiRoutes(RESOURCES);

  private final List<Route> routes = new ArrayList<>();

  ApiRoutes(List<Class<?>> resources) {
    for (Class<?> resource : resources) {
      String base = pathOf(resource.getAnnotation(Path.class));
      for (Method m : resource.getMethods()) {
        String httpMethod = httpMethod(m);
        if (httpMethod != null) {
          String template = join(base, pathOf(m.getAnnotation(Path.class)));
          routes.add(new Route(pattern(template), template, httpMethod));
        }
      }
    }
  }

  /** The methods some resource takes on {@code path}; empty when no resource has the path. */
  Set<String> on(String path) {
    String clean = trimmed(path);
    Set<String> methods = new TreeSet<>();
    for (Route route : routes) {
      if (route.path().matcher(clean).matches()) {
        methods.add(route.method());
      }
    }
    return methods;
  }

  /** The declared template {@code path} belongs to, e.g. {@code /api/kbs/{kb}/search}. */
  Optional<String> template(String path) {
    String clean = trimmed(path);
    return routes.stream()
        .filter(route -> route.path().matcher(clean).matches())
        .map(Route::template)
        .findFirst();
  }

  private static String trimmed(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  private static String pathOf(Path path) {
    return path == null ? "" : path.value();
  }

  private static String join(String base, String sub) {
    String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }

  private static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      regex.append(m.group(1) == null ? "[^/]+" : "(?:" + m.group(1).strip() + ")");
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString());
  }
}
