package io.flyteservices.bench.coldstart;

import io.flyteservices.bench.harness.Checkout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the functions image as built (mvn -Pimage: functions/target/jib-image.tar) with infra/images/image-run:
 * chrooted into the image's files, as its user, with its own entrypoint, JVM options and AOT cache; or with the
 * cache left out, to measure what it brings. The JVM is told the pod's memory limit (functions.yaml: 512 MiB) as
 * its RAM, since image-run sets no cgroup limit and the heap is sized from it.
 *
 * @param withCache whether the image's -XX:AOTCache= stays in its entrypoint
 */
record ImageRun(boolean withCache) {

    static final String POD_MEMORY = "-XX:MaxRAM=512m";

    List<String> command(String databaseUrl) {
        Path root = Checkout.root();
        Path image = root.resolve("functions/target/jib-image.tar");
        if (!Files.isRegularFile(image)) {
            throw new IllegalStateException(image + " is missing: build the images first (mvn -Pimage -DskipTests "
                    + "verify, with -Dimage.base=tar://$(infra/images/local-base) where no registry is reachable)");
        }
        List<String> command = new ArrayList<>(List.of(root.resolve("infra/images/image-run").toString(),
                "--jvm-option", POD_MEMORY));
        if (!withCache) {
            command.addAll(List.of("--without-jvm-option", "-XX:AOTCache="));
        }
        command.addAll(List.of(image.toString(), "functions", "--database-url", databaseUrl,
                "--http-port", "0", "--grpc-port", "0"));
        return command;
    }
}
