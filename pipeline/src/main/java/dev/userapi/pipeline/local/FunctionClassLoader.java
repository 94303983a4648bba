package dev.userapi.pipeline.local;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one function's code, isolated like a Lambda sandbox: its parent is the JDK's
 * platform loader, so the function sees only the JDK and its own artifact (never the pipeline's
 * classpath: a dependency missing from the artifact fails here as it would in Lambda). The one
 * exception is the Lambda runtime API, {@code com.amazonaws.services.lambda.runtime.*} (Context,
 * RequestHandler, the event classes): those come from the pipeline first, so the event objects the
 * gateway builds are the very classes the handler was compiled against. A class of that package the
 * pipeline lacks (the log4j2 appender, say) still loads from the artifact.
 */
final class FunctionClassLoader extends URLClassLoader {
    static final String SHARED_PACKAGE = "com.amazonaws.services.lambda.runtime.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader runtimeApi;

    FunctionClassLoader(String name, URL[] code, ClassLoader runtimeApi) {
        super(name, code, ClassLoader.getPlatformClassLoader());
        this.runtimeApi = runtimeApi;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SHARED_PACKAGE)) {
            try {
                return runtimeApi.loadClass(name);
            } catch (ClassNotFoundException notShared) {
                // Not part of the pipeline's runtime API: the function's own copy, below.
            }
        }
        return super.loadClass(name, resolve);
    }
}
