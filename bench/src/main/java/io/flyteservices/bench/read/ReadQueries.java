package io.flyteservices.bench.read;

import flyteidl2.common.Filter;
import flyteidl2.common.ListRequest;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.ListRunsResponse;
import flyteidl2.workflow.RunServiceGrpc;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The read operations measured: GetRunDetails of a random seeded run, and ListRuns (50 per page, newest first, the
 * default order) of a project, of a project filtered by phase (FAILED: 10%; RUNNING or QUEUED: 10%), of the whole
 * org, and walking a project's pages by token (each client follows its own token to the end and starts again).
 */
public final class ReadQueries {

    /** One measured operation. */
    public interface Operation {
        void call(int worker, long sequence);
    }

    public record Named(String name, Operation operation) {
    }

    private ReadQueries() {
    }

    public static List<Named> all(RunServiceGrpc.RunServiceBlockingStub runs, int seeded, int maxWorkers) {
        AtomicReferenceArray<String> tokens = new AtomicReferenceArray<>(maxWorkers);
        return List.of(
                new Named("GetRunDetails", (w, s) -> {
                    long n = 1 + ThreadLocalRandom.current().nextInt(seeded);
                    runs.getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(RunIdentifier.newBuilder()
                            .setOrg(RunSeeder.ORG).setProject(RunSeeder.project(n)).setDomain(RunSeeder.domain(n))
                            .setName(RunSeeder.name(n))).build());
                }),
                new Named("ListRuns project", (w, s) -> list(runs, project(w + s), page(null))),
                new Named("ListRuns project phase=FAILED", (w, s) -> list(runs, project(w + s),
                        page(filter("phase", Filter.Function.EQUAL, "PHASE_FAILED")))),
                new Named("ListRuns project phase in (RUNNING,QUEUED)", (w, s) -> list(runs, project(w + s),
                        page(filter("phase", Filter.Function.VALUE_IN, "PHASE_RUNNING", "PHASE_QUEUED")))),
                new Named("ListRuns org", (w, s) -> runs.listRuns(ListRunsRequest.newBuilder().setOrg(RunSeeder.ORG)
                        .setRequest(page(null)).build())),
                new Named("ListRuns project, next page by token", (w, s) -> {
                    String token = tokens.get(w);
                    ListRequest.Builder request = ListRequest.newBuilder().setLimit(50);
                    if (token != null) {
                        request.setToken(token);
                    }
                    ListRunsResponse r = list(runs, project(w), request.build());
                    tokens.set(w, r.getToken().isEmpty() ? null : r.getToken());
                }));
    }

    private static ListRunsResponse list(RunServiceGrpc.RunServiceBlockingStub runs, ProjectIdentifier project,
                                         ListRequest request) {
        return runs.listRuns(ListRunsRequest.newBuilder().setProjectId(project).setRequest(request).build());
    }

    /** Projects in turn, all in development (4 in 5 runs). */
    private static ProjectIdentifier project(long n) {
        return ProjectIdentifier.newBuilder().setOrganization(RunSeeder.ORG).setName(RunSeeder.project(n))
                .setDomain("development").build();
    }

    private static ListRequest page(Filter filter) {
        ListRequest.Builder r = ListRequest.newBuilder().setLimit(50);
        if (filter != null) {
            r.addFilters(filter);
        }
        return r.build();
    }

    private static Filter filter(String field, Filter.Function function, String... values) {
        return Filter.newBuilder().setField(field).setFunction(function).addAllValues(List.of(values)).build();
    }
}
