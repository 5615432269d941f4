package io.flyteservices.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.task.TaskSpec;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.RunSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What {@code run create --spec FILE} reads: a CreateRunRequest in protobuf JSON (like {@code examples/hello.json})
 * or just a TaskSpec. A request has {@code taskSpec}, {@code runId}, {@code projectId}, {@code taskId},
 * {@code inputs} or {@code runSpec} at the top; a TaskSpec has {@code taskTemplate}. Unknown fields are errors,
 * so a typo is reported rather than ignored.
 */
final class SpecFile {

    /** What a spec file holds. */
    enum Kind { CREATE_RUN_REQUEST, TASK_SPEC }

    private static final Set<String> REQUEST_FIELDS = Set.of("taskSpec", "task_spec", "runId", "run_id", "projectId",
            "project_id", "taskId", "task_id", "triggerName", "trigger_name", "inputs", "runSpec", "run_spec");
    private static final Set<String> TASK_SPEC_FIELDS = Set.of("taskTemplate", "task_template");

    private SpecFile() {
    }

    /** Reads FILE ({@code -}: standard input) into a request; its run id is as the file says. */
    static CreateRunRequest read(String file, InputStream stdin) {
        String source = file.equals("-") ? "standard input" : file;
        String text;
        try {
            if (file.equals("-")) {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                text = Files.readString(Path.of(file));
            }
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "cannot read spec " + source + ": no such file");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "cannot read spec " + source + ": " + e.getMessage(), e);
        }
        return parse(text, source);
    }

    /** Parses a spec's text; {@code source} names it in errors. */
    static CreateRunRequest parse(String text, String source) {
        Kind kind = detect(text, source);
        try {
            if (kind == Kind.TASK_SPEC) {
                TaskSpec.Builder task = TaskSpec.newBuilder();
                JsonFormat.parser().merge(text, task);
                return CreateRunRequest.newBuilder().setTaskSpec(task).build();
            }
            CreateRunRequest.Builder request = CreateRunRequest.newBuilder();
            JsonFormat.parser().merge(text, request);
            return request.build();
        } catch (InvalidProtocolBufferException e) {
            throw new CommandFailure(ExitCodes.DATA, "spec " + source + " is not a valid "
                    + (kind == Kind.TASK_SPEC ? "TaskSpec" : "CreateRunRequest") + ": " + reason(e), e);
        }
    }

    /** Whether the JSON object is a CreateRunRequest or a TaskSpec, by its top-level fields. */
    static Kind detect(String text, String source) {
        Struct.Builder json = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(text, json);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // Gson's parse errors surface as runtime exceptions from the protobuf parser.
            throw new CommandFailure(ExitCodes.DATA, "spec " + source + " is not a JSON object: " + reason(e), e);
        }
        Set<String> fields = json.getFieldsMap().keySet();
        if (fields.stream().anyMatch(REQUEST_FIELDS::contains)) {
            return Kind.CREATE_RUN_REQUEST;
        }
        if (fields.stream().anyMatch(TASK_SPEC_FIELDS::contains)) {
            return Kind.TASK_SPEC;
        }
        throw new CommandFailure(ExitCodes.DATA, "spec " + source + " is neither a CreateRunRequest (with taskSpec "
                + "or runId) nor a TaskSpec (with taskTemplate); its fields: " + fields);
    }

    /**
     * The request with its run id placed: each of org, project, domain and name from the option when given, else
     * from the spec ({@code runId} or {@code projectId}), else the environment and defaults of {@link Scope}. With
     * no name the request carries a {@code projectId} and the server names the run. The source is the CLI unless
     * the spec says otherwise.
     */
    static CreateRunRequest place(CreateRunRequest spec, String org, String project, String domain, String name,
                                  Map<String, String> env) {
        String specOrg = null;
        String specProject = null;
        String specDomain = null;
        String specName = null;
        if (spec.hasRunId()) {
            RunIdentifier id = spec.getRunId();
            specOrg = id.getOrg();
            specProject = id.getProject();
            specDomain = id.getDomain();
            specName = id.getName();
        } else if (spec.hasProjectId()) {
            ProjectIdentifier id = spec.getProjectId();
            specOrg = id.getOrganization();
            specProject = id.getName();
            specDomain = id.getDomain();
        }
        Scope scope;
        try {
            scope = Scope.of(given(org, specOrg), given(project, specProject), given(domain, specDomain), env);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.DATA, "the spec names no project: give --project or set FLYTE_PROJECT");
        }
        String runName = given(name, specName);
        CreateRunRequest.Builder request = spec.toBuilder();
        if (runName != null) {
            request.setRunId(scope.run(runName));
        } else {
            request.setProjectId(scope.projectId());
        }
        if (spec.getSource() == RunSource.RUN_SOURCE_UNSPECIFIED) {
            request.setSource(RunSource.RUN_SOURCE_CLI);
        }
        return request.build();
    }

    /** The innermost cause's message: the JSON parser's own words, without the wrappers' class names. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static String given(String option, String fromSpec) {
        if (option != null) {
            return option;
        }
        return fromSpec == null || fromSpec.isEmpty() ? null : fromSpec;
    }
}
