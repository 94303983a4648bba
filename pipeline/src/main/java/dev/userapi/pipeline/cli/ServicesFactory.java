package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Services;
import picocli.CommandLine;

/**
 * Builds commands with the given {@link Services} instead of the real world: the same command
 * classes, handed other collaborators (a constructor argument, no test-only branch in them).
 */
public final class ServicesFactory implements CommandLine.IFactory {
    private final Services services;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public ServicesFactory(Services services) {
        this.services = services;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            return cls.getConstructor(Services.class).newInstance(services);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
