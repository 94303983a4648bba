package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static ApiRoute route(String method, String path) {
        return new ApiRoute(method, path, method + path, "Fn", null, null, 1, false);
    }

    private final Router router = new Router(List.of("/", "/users", "/users/{id}", "/users/me", "/files", "/files/{path+}", "/empty"),
            List.of(route("POST", "/users"), route("GET", "/users/{id}"), route("DELETE", "/users/{id}"),
                    route("PUT", "/users/me"), route("ANY", "/files/{path+}"), route("GET", "/")));

    @Test
    void pathParametersBindAsSent() {
        Router.Match m = router.match("GET", "/users/a%2Fb").orElseThrow();
        assertEquals("/users/{id}", m.route().resourcePath());
        assertEquals(Map.of("id", "a%2Fb"), m.pathParameters());
    }

    @Test
    void aLiteralSegmentWinsAndThereIsNoFallbackToTheParameter() {
        assertEquals("/users/me", router.match("PUT", "/users/me").orElseThrow().route().resourcePath());
        assertTrue(router.match("GET", "/users/me").isEmpty(), "/users/me has no GET; API Gateway does not try /users/{id}");
    }

    @Test
    void greedyParametersTakeTheRestOfThePathAndAnyMatchesEveryMethod() {
        Router.Match m = router.match("PATCH", "/files/a/b/c.txt").orElseThrow();
        assertEquals("ANY", m.route().httpMethod());
        assertEquals(Map.of("path", "a/b/c.txt"), m.pathParameters());
        assertTrue(router.match("GET", "/files").isEmpty(), "a greedy parameter needs at least one segment");
    }

    @Test
    void unknownPathsAndMethodsDoNotMatch() {
        assertTrue(router.match("GET", "/nope").isEmpty());
        assertTrue(router.match("GET", "/users").isEmpty());
        assertTrue(router.match("GET", "/users/1/2").isEmpty());
        assertTrue(router.match("GET", "/empty").isEmpty(), "a resource without methods");
        assertTrue(router.match("GET", "/users//").isEmpty(), "an empty segment is no parameter value");
    }

    @Test
    void theRootAndATrailingSlash() {
        assertEquals("/", router.match("GET", "/").orElseThrow().route().resourcePath());
        assertEquals("/users", router.match("POST", "/users/").orElseThrow().route().resourcePath());
    }

    @Test
    void literalSegmentsCompareDecoded() {
        assertEquals("/users", router.match("POST", "/us%65rs").orElseThrow().route().resourcePath());
    }
}
