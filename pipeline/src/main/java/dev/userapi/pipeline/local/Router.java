package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a request to the API's resources as API Gateway's REST APIs do: the most specific resource
 * wins (a literal segment over {@code {param}}, {@code {param}} over a greedy {@code {proxy+}}), and
 * then the method must be defined on that resource, or {@code ANY}. There is no fallback to a less
 * specific resource, and an unknown resource or method both get 403 "Missing Authentication Token".
 * Path parameter values are passed as requested, still percent-encoded, as API Gateway passes them.
 */
public final class Router {

    private record Template(String path, List<String> segments) {
    }

    /** A resource that matched, with the path parameters it bound. */
    public record Match(ApiRoute route, Map<String, String> pathParameters) {
    }

    private final List<Template> resources = new ArrayList<>();
    private final List<ApiRoute> routes;

    public Router(List<String> resourcePaths, List<ApiRoute> routes) {
        for (String p : resourcePaths) {
            resources.add(new Template(p, segments(p)));
        }
        for (ApiRoute r : routes) {
            if (resources.stream().noneMatch(t -> t.path().equals(r.resourcePath()))) {
                resources.add(new Template(r.resourcePath(), segments(r.resourcePath())));
            }
        }
        this.routes = List.copyOf(routes);
    }

    /** The route for this method and raw path, or empty when API Gateway would answer 403. */
    public Optional<Match> match(String httpMethod, String rawPath) {
        List<String> request = segments(rawPath);
        Template best = null;
        int[] bestRank = null;
        Map<String, String> bestParams = null;
        for (Template t : resources) {
            Map<String, String> params = new LinkedHashMap<>();
            int[] rank = bind(t.segments(), request, params);
            if (rank != null && (bestRank == null || Arrays.compare(rank, bestRank) > 0)) {
                best = t;
                bestRank = rank;
                bestParams = params;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        ApiRoute any = null;
        for (ApiRoute r : routes) {
            if (r.resourcePath().equals(best.path())) {
                if (r.httpMethod().equals(httpMethod)) {
                    return Optional.of(new Match(r, bestParams));
                }
                if (r.httpMethod().equals("ANY")) {
                    any = r;
                }
            }
        }
        return any == null ? Optional.empty() : Optional.of(new Match(any, bestParams));
    }

    /**
     * Binds the request's segments to a resource's, or null when they do not match. The rank has one
     * entry per template segment, 2 for a literal, 1 for a parameter, 0 for greedy, compared left to right.
     */
    private static int[] bind(List<String> template, List<String> request, Map<String, String> params) {
        int[] rank = new int[template.size()];
        for (int i = 0; i < template.size(); i++) {
            String part = template.get(i);
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (i != template.size() - 1 || request.size() <= i) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 2), String.join("/", request.subList(i, request.size())));
                rank[i] = 0;
                return rank;
            }
            if (i >= request.size()) {
                return null;
            }
            String segment = request.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segment.isEmpty()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 1), segment);
                rank[i] = 1;
            } else if (part.equals(decode(segment))) {
                rank[i] = 2;
            } else {
                return null;
            }
        }
        return template.size() == request.size() ? rank : null;
    }

    /** Segments of a path; the root is none, and one trailing slash is ignored as API Gateway does. */
    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    private static String decode(String segment) {
        try {
            // Path segments are percent-encoded; '+' is a literal plus in a path, unlike in a query.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
