package io.flyteservices.gateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.context.ServerContextPathProvider;
import io.micronaut.web.router.resource.StaticResourceConfiguration;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The web page at {@code /}: the files the npm build ({@code src/main/web}) writes to {@code classpath:public},
 * {@code index.html} for {@code /}. Micronaut looks for a static file only when no route matches a request, so the
 * RPC paths (Connect POST and GET, gRPC-Web), {@code /healthz}, {@code /readyz} and {@code /prometheus} are never
 * shadowed.
 *
 * <p>A bean of this module rather than {@code micronaut.router.static-resources} in the shared
 * {@code application.yml}, so only processes with the gateway on their class path (gateway, all) serve the page;
 * absent when the module was built without it ({@code -Dweb.skip=true}). A subclass, because the
 * {@code @EachProperty} of {@link StaticResourceConfiguration} would make a bean of that type exist only per
 * configuration entry.
 */
@Singleton
@Requires(resources = "classpath:public/index.html")
final class WebPage extends StaticResourceConfiguration {

    WebPage(ResourceResolver resources, @Nullable ServerContextPathProvider contextPath) {
        super(resources, contextPath);
        setPaths(List.of("classpath:public"));
        setMapping("/**");
    }
}
