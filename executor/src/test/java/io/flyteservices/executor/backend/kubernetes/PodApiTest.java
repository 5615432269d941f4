package io.flyteservices.executor.backend.kubernetes;

import io.kubernetes.client.openapi.ApiException;
import io.micronaut.kubernetes.client.OkHttpClientLogging;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodApiTest {

    @Test
    void shouldDropOnlyTheLibrarysFailureLoggingWhenQuietened() {
        Interceptor auth = chain -> chain.proceed(chain.request());
        var http = new OkHttpClient.Builder().addInterceptor(new OkHttpClientLogging()).addInterceptor(auth).build();

        assertThat(PodApi.quiet(http).interceptors()).containsExactly(auth);
    }

    @Test
    void shouldDescribeAFailureByTheServersStatusMessageWhenThereIsOne() {
        var refused = new ApiException("Unprocessable Entity", 422, Map.of(),
                StubApiServer.status(422, "Pod \"p\" is invalid"));
        var unreachable = new ApiException(new ConnectException("Connection refused"));
        var plain = new ApiException("Forbidden", 403, Map.of(), "forbidden");

        assertThat(List.of(PodApi.describe(refused), PodApi.describe(unreachable), PodApi.describe(plain)))
                .containsExactly("HTTP 422: Pod \"p\" is invalid", "java.net.ConnectException: Connection refused",
                        "HTTP 403: forbidden");
    }
}
