package io.flyteservices.cli;

import flyteidl2.common.RunIdentifier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Map;

/** {@code --project}, {@code --domain} and {@code --org}: see {@link Scope} for the defaults. */
class ScopeOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-p", "--project"}, paramLabel = "PROJECT", description = "project (default: $FLYTE_PROJECT)")
    String project;

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN",
            description = "domain (default: $FLYTE_DOMAIN, else " + Scope.DEFAULT_DOMAIN + ")")
    String domain;

    @Option(names = "--org", paramLabel = "ORG", description = "organization (default: $FLYTE_ORG, else none)")
    String org;

    Scope scope(Map<String, String> env) {
        try {
            return Scope.of(org, project, domain, env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** The run RUN names: NAME in this scope, or PROJECT/DOMAIN/NAME (ORG/ in front with an org). */
    RunIdentifier run(String ref, Map<String, String> env) {
        try {
            return Scope.run(ref, org, project, domain, env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }
}
