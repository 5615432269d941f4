package io.flyteservices.bench.fanout;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.Fixtures;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Creates the watched runs through the real write path: CreateRun and EnqueueAction against a functions JVM
 * (parents under the root, leaves under the parents), a few runs at a time.
 */
public final class RunSetup {

    private static final int CONCURRENCY = 32;

    private RunSetup() {
    }

    public static List<WatchedRun> create(int functionsGrpcPort, int runs, FanOutOptions options) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", functionsGrpcPort).usePlaintext()
                .build();
        String project = "fanout";
        String prefix = "f" + Long.toString(System.currentTimeMillis(), 36);
        List<Future<WatchedRun>> created = new ArrayList<>();
        Semaphore slots = new Semaphore(CONCURRENCY);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var runService = RunServiceGrpc.newBlockingStub(channel);
            var queue = QueueServiceGrpc.newBlockingStub(channel);
            for (int r = 0; r < runs; r++) {
                RunIdentifier id = Fixtures.runId(project, prefix + "-" + r);
                created.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        runService.createRun(Fixtures.createRun(id));
                        List<String> parents = new ArrayList<>();
                        List<String> leaves = new ArrayList<>();
                        for (int p = 0; p < options.parentsPerRun(); p++) {
                            String parent = "p" + p;
                            queue.enqueueAction(Fixtures.enqueue(id, parent, "a0"));
                            parents.add(parent);
                            for (int l = 0; l < options.leavesPerParent(); l++) {
                                String leaf = parent + "-l" + l;
                                queue.enqueueAction(Fixtures.enqueue(id, leaf, parent));
                                leaves.add(leaf);
                            }
                        }
                        return new WatchedRun(id, List.copyOf(parents), List.copyOf(leaves));
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<WatchedRun> result = new ArrayList<>();
            for (Future<WatchedRun> f : created) {
                result.add(f.get());
            }
            return result;
        } finally {
            channel.shutdownNow();
        }
    }
}
