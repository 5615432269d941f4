package io.flyteservices.cli;

import flyteidl2.common.Filter;
import flyteidl2.common.ListRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.ListRunsResponse;
import flyteidl2.workflow.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code run list}: ListRuns of one project and domain, newest first. */
@Command(name = "list", footer = ExitCodes.FOOTER,
        description = "List a project's runs, newest first.")
final class RunList implements Callable<Integer> {

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Option(names = "--phase", paramLabel = "PHASE", split = ",",
            description = "only runs in these phases (repeat or separate with commas): QUEUED, WAITING, "
                    + "INITIALIZING, RUNNING, SUCCEEDED, FAILED, ABORTED, TIMED_OUT")
    List<String> phases = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, paramLabel = "N", description = "at most N runs (default 50, at most 200)")
    int limit;

    @Option(names = "--token", paramLabel = "TOKEN", description = "the next page, as printed by the previous one")
    String token;

    @Mixin
    ScopeOptions scope;

    @Mixin
    ClientOptions client;

    RunList(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        ListRunsRequest request = request(scope.scope(terminal.env()));
        try (Server.Connection connection = client.connect(terminal.env())) {
            ListRunsResponse response = connection.runs().listRuns(request);
            if (client.json()) {
                terminal.out().println(JsonOutput.pretty(response));
            } else {
                terminal.out().print(new DetailsView(terminal.ansi(), terminal.clock().instant())
                        .runs(response.getRunsList()));
                if (!response.getToken().isEmpty()) {
                    terminal.err().println("more runs: add --token " + response.getToken());
                }
            }
        }
        return ExitCodes.OK;
    }

    ListRunsRequest request(Scope where) {
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative");
        }
        ListRequest.Builder list = ListRequest.newBuilder().setLimit(limit);
        if (token != null) {
            list.setToken(token);
        }
        if (!phases.isEmpty()) {
            Filter.Builder filter = Filter.newBuilder().setField("phase").setFunction(Filter.Function.VALUE_IN);
            for (String text : phases) {
                try {
                    Phase phase = Phases.parse(text);
                    filter.addValues(phase.name());
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--phase: " + e.getMessage());
                }
            }
            list.addFilters(filter);
        }
        return ListRunsRequest.newBuilder().setProjectId(where.projectId()).setRequest(list).build();
    }
}
