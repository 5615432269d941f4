package io.flyteservices.cli;

import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.CreateRunResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code run create --spec FILE}: CreateRun; prints the new run's id ({@code project/domain/name}). */
@Command(name = "create", footer = ExitCodes.FOOTER, sortOptions = false,
        description = {"Create a run from FILE: a CreateRunRequest (like examples/hello.json) or a TaskSpec, in "
                + "protobuf JSON. Prints the run as PROJECT/DOMAIN/NAME, which the other commands take as RUN.",
                "The run id is each option when given, else the spec's runId, else $FLYTE_PROJECT / $FLYTE_DOMAIN "
                        + "(domain default development); without a name the server names the run."})
final class RunCreate implements Callable<Integer> {

    private final Terminal terminal;

    @Option(names = {"-f", "--spec"}, required = true, paramLabel = "FILE",
            description = "the spec file; - reads standard input")
    String spec;

    @Option(names = {"-p", "--project"}, paramLabel = "PROJECT", description = "project (overrides the spec's)")
    String project;

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN", description = "domain (overrides the spec's)")
    String domain;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
            description = "run name (overrides the spec's; a DNS label of at most 30 characters)")
    String name;

    @Option(names = "--org", paramLabel = "ORG", description = "organization (overrides the spec's)")
    String org;

    @Mixin
    ClientOptions client;

    RunCreate(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        CreateRunRequest request = SpecFile.place(SpecFile.read(spec, terminal.in()), org, project, domain, name,
                terminal.env());
        try (Server.Connection connection = client.connect(terminal.env())) {
            CreateRunResponse response = connection.runs().createRun(request);
            terminal.out().println(client.json() ? JsonOutput.pretty(response)
                    : Scope.show(response.getRun().getAction().getId().getRun()));
        }
        return ExitCodes.OK;
    }
}
