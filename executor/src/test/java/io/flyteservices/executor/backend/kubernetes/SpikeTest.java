package io.flyteservices.executor.backend.kubernetes;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.util.ClientBuilder;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

class SpikeTest {
    @Test
    void spike() throws Exception {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        var url = server.url("/");
        System.out.println("URL " + url);
        ApiClient client = new ClientBuilder().setBasePath(url.substring(0, url.length() - 1)).build();
        var api = new CoreV1Api(client);
        var pod = new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name("p1").namespace("flyte").labels(Map.of("app.kubernetes.io/managed-by", "x")))
                .spec(new V1PodSpec().restartPolicy("Never").containers(List.of(new V1Container().name("task").image("busybox"))));
        var created = api.createNamespacedPod("flyte", pod).execute();
        System.out.println("CREATED rv=" + created.getMetadata().getResourceVersion() + " uid=" + created.getMetadata().getUid() + " ts=" + created.getMetadata().getCreationTimestamp());
        try {
            api.createNamespacedPod("flyte", pod).execute();
        } catch (io.kubernetes.client.openapi.ApiException e) {
            System.out.println("SECOND " + e.getCode() + " " + e.getResponseBody());
        }
        var list = api.listNamespacedPod("flyte").labelSelector("app.kubernetes.io/managed-by=x").execute();
        System.out.println("LIST rv=" + list.getMetadata().getResourceVersion() + " n=" + list.getItems().size() + " cont=" + list.getMetadata().getContinue());
        var call = api.listNamespacedPod("flyte").labelSelector("app.kubernetes.io/managed-by=x").watch(true)
                .resourceVersion(list.getMetadata().getResourceVersion()).allowWatchBookmarks(true).buildCall(null);
        var msgs = new CopyOnWriteArrayList<String>();
        var ws = client.getHttpClient().newWebSocket(call.request(), new WebSocketListener() {
            @Override public void onOpen(WebSocket webSocket, Response response) { System.out.println("OPEN " + response.code()); }
            @Override public void onMessage(WebSocket webSocket, String text) { System.out.println("MSG " + text); msgs.add(text); }
            @Override public void onFailure(WebSocket webSocket, Throwable t, Response response) { System.out.println("FAIL " + t + " " + response); }
            @Override public void onClosed(WebSocket webSocket, int code, String reason) { System.out.println("CLOSED " + code); }
        });
        Thread.sleep(500);
        var f8 = server.createClient();
        var p = f8.pods().inNamespace("flyte").withName("p1").get();
        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
        f8.pods().inNamespace("flyte").resource(p).updateStatus();
        f8.v1().events().inNamespace("flyte").resource(new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata().withName("e1").endMetadata()
            .withNewInvolvedObject().withKind("Pod").withName("p1").endInvolvedObject().withReason("Pulled").withMessage("pulled it").build()).create();
        var ev = api.listNamespacedEvent("flyte").execute();
        System.out.println("EVENTS " + ev.getItems());
        api.deleteNamespacedPod("flyte", "p1").execute();
        try { api.deleteNamespacedPod("flyte", "p1").execute(); } catch (io.kubernetes.client.openapi.ApiException e) { System.out.println("DEL2 " + e.getCode()); }
        Thread.sleep(500);
        ws.close(1000, "bye");
        server.destroy();
    }
}
