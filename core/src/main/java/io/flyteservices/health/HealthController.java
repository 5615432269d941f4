package io.flyteservices.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * {@code /healthz}: the process serves HTTP (liveness). {@code /readyz}: the database is reachable and its
 * schema is at the version this build expects (readiness); 503 with the reason otherwise.
 */
@Controller
public final class HealthController {

    private final Readiness readiness;

    public HealthController(Readiness readiness) {
        this.readiness = readiness;
    }

    @Get("/healthz")
    @Produces(MediaType.TEXT_PLAIN)
    public String healthz() {
        return "ok\n";
    }

    @Get("/readyz")
    @Produces(MediaType.TEXT_PLAIN)
    public HttpResponse<String> readyz() {
        Readiness.Result result = readiness.check();
        return result.ready()
                ? HttpResponse.ok("ready\n")
                : HttpResponse.<String>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE).body(result.reason() + "\n");
    }
}
