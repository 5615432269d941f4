package io.flyteservices.infra.image;

import io.flyteservices.infra.schema.RenderedManifests;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rendered workload asks of its container, resolved as a kubelet would: the image, the args, the environment
 * (envFrom ConfigMaps, then env, with the pod's namespace for fieldRefs) and the volumes, made as directories here
 * (a Secret's items written as files, emptyDir and PersistentVolumeClaim empty).
 *
 * @param mounts directory here -> path in the container
 */
record PodTemplate(String name, String image, List<String> args, Map<String, String> env, Map<Path, String> mounts) {

    /**
     * The first container of {@code workload} (a Deployment, Job or Knative Service: all keep it at
     * spec.template.spec), with the overlay's ConfigMaps and Secrets, volumes made under {@code scratch}.
     * {@code secretValues} replaces keys of Secrets (secret name -> key -> value): this cluster's credentials.
     */
    static PodTemplate of(JsonNode workload, List<JsonNode> objects, Path scratch,
                          Map<String, Map<String, String>> secretValues) {
        String name = workload.path("metadata").path("name").asString("");
        String namespace = workload.path("metadata").path("namespace").asString("default");
        JsonNode pod = workload.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);

        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String configMap = from.path("configMapRef").path("name").asString("");
            object(objects, "ConfigMap", namespace, configMap).path("data").properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode field = variable.path("valueFrom").path("fieldRef").path("fieldPath");
            if (field.asString("").equals("metadata.namespace")) {
                env.put(variable.path("name").asString(), namespace);
            } else if (!field.isMissingNode()) {
                throw new IllegalArgumentException(name + ": fieldRef " + field.asString() + " is not resolved here");
            } else {
                env.put(variable.path("name").asString(), variable.path("value").asString(""));
            }
        }

        Map<Path, String> mounts = new LinkedHashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            String volumeName = mount.path("name").asString("");
            JsonNode volume = pod.path("volumes").valueStream()
                    .filter(v -> v.path("name").asString("").equals(volumeName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(name + ": no volume " + volumeName));
            Path dir = scratch.resolve(name).resolve(volumeName);
            try {
                Files.createDirectories(dir);
                if (volume.has("secret")) {
                    writeSecret(volume.path("secret"), object(objects, "Secret", namespace,
                            volume.path("secret").path("secretName").asString("")), dir, secretValues);
                } else if (volume.has("emptyDir") || volume.has("persistentVolumeClaim")) {
                    // Writable by the image's non-root user, as an emptyDir is (0777) and a claim with fsGroup.
                    dir.toFile().setWritable(true, false);
                    dir.toFile().setReadable(true, false);
                    dir.toFile().setExecutable(true, false);
                } else {
                    throw new IllegalArgumentException(name + ": volume kind of " + volumeName + " is not made here");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mounts.put(dir, mount.path("mountPath").asString());
        }
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asString()));
        return new PodTemplate(name, container.path("image").asString(""), args, env, mounts);
    }

    /** This template with {@code values} added to or replacing its environment. */
    PodTemplate withEnv(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(values);
        return new PodTemplate(name, image, args, merged, mounts);
    }

    private static void writeSecret(JsonNode source, JsonNode secret, Path dir,
                                    Map<String, Map<String, String>> secretValues) throws IOException {
        String secretName = secret.path("metadata").path("name").asString("");
        Map<String, String> replaced = secretValues.getOrDefault(secretName, Map.of());
        for (JsonNode item : source.path("items")) {
            String key = item.path("key").asString();
            String value = replaced.containsKey(key) ? replaced.get(key)
                    : new String(Base64.getDecoder().decode(secret.path("data").path(key).asString("")));
            Path file = dir.resolve(item.path("path").asString(key));
            Files.writeString(file, value);
            // Readable by the image's non-root user, as the kubelet's projection (0644 by default) is.
            file.toFile().setReadable(true, false);
        }
        dir.toFile().setExecutable(true, false);
    }

    /** A ConfigMap or Secret the pod refers to: it must be rendered beside it. */
    private static JsonNode object(List<JsonNode> objects, String kind, String namespace, String name) {
        return RenderedManifests.find(objects, "v1", kind, namespace, name)
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " " + namespace + "/" + name));
    }
}
