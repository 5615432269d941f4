package io.flyteservices.bench.read;

import flyteidl2.workflow.Phase;
import io.flyteservices.bench.harness.BenchPostgres;

import java.sql.SQLException;

/**
 * Seeds runs with SQL (INSERT ... SELECT over generate_series), copying the rows of one run created through
 * CreateRun, so specs and URIs have real sizes: org {@code acme}, {@value #PROJECTS} projects, domains development
 * (4 in 5) and production, created one every 20 s going back from now; root phases 80% SUCCEEDED, 10% FAILED,
 * 5% RUNNING, 5% QUEUED, finished ones with an end time and one attempt. The change-feed triggers fire as for real
 * inserts. Seconds for 100k runs, where CreateRun calls would take minutes on this machine.
 */
public final class RunSeeder {

    public static final String ORG = "acme";
    public static final int PROJECTS = 4;

    private RunSeeder() {
    }

    public static String project(long n) {
        return "proj-" + (n % PROJECTS);
    }

    public static String domain(long n) {
        return n % 5 == 0 ? "production" : "development";
    }

    public static String name(long n) {
        return "seed-" + n;
    }

    /** Seeds runs seed-1..seed-{@code count} from the run with id {@code templateRun} and its root action. */
    public static void seed(BenchPostgres postgres, long templateRun, int count) throws SQLException {
        postgres.execute("""
                INSERT INTO runs (org, project, domain, name, run_spec, inputs_uri, run_output_base, source, created_at)
                SELECT '%s', 'proj-' || (g %% %d), CASE WHEN g %% 5 = 0 THEN 'production' ELSE 'development' END,
                       'seed-' || g, t.run_spec, t.inputs_uri || g, t.run_output_base || g || '/', 0,
                       now() - g * interval '20 seconds'
                  FROM generate_series(1, %d) g, runs t
                 WHERE t.id = %d
                """.formatted(ORG, PROJECTS, count, templateRun));
        String phase = """
                CASE WHEN n %% 100 < 80 THEN %d WHEN n %% 100 < 90 THEN %d WHEN n %% 100 < 95 THEN %d ELSE %d END"""
                .formatted(Phase.PHASE_SUCCEEDED_VALUE, Phase.PHASE_FAILED_VALUE, Phase.PHASE_RUNNING_VALUE,
                        Phase.PHASE_QUEUED_VALUE);
        postgres.execute("""
                INSERT INTO actions (run_id, org, project, domain, run_name, name, parent_name, group_name,
                                     action_type, phase, attempts, task_org, task_project, task_domain, task_name,
                                     task_version, task_type, short_name, spec, input_uri, run_output_base, cluster,
                                     error_kind, error_message, created_at, updated_at, ended_at)
                SELECT r.id, r.org, r.project, r.domain, r.name, 'a0', NULL, '', t.action_type, p.phase,
                       CASE WHEN p.phase = %d THEN 0 ELSE 1 END, t.task_org, t.task_project, t.task_domain,
                       t.task_name, t.task_version, t.task_type, t.short_name, t.spec, r.inputs_uri,
                       r.run_output_base, '', CASE WHEN p.phase = %d THEN 1 END,
                       CASE WHEN p.phase = %d THEN 'exit status 1' END, r.created_at,
                       r.created_at + interval '30 seconds',
                       CASE WHEN p.phase IN (%d, %d) THEN r.created_at + interval '30 seconds' END
                  FROM runs r
                  CROSS JOIN LATERAL (SELECT substr(r.name, 6)::int AS n) s
                  CROSS JOIN LATERAL (SELECT %s AS phase) p,
                       actions t
                 WHERE r.name LIKE 'seed-%%' AND t.run_id = %d AND t.name = 'a0'
                """.formatted(Phase.PHASE_QUEUED_VALUE, Phase.PHASE_FAILED_VALUE, Phase.PHASE_FAILED_VALUE,
                Phase.PHASE_SUCCEEDED_VALUE, Phase.PHASE_FAILED_VALUE, phase, templateRun));
        postgres.execute("""
                INSERT INTO action_attempts (action_id, attempt, phase, started_at, ended_at, cluster)
                SELECT a.id, 1, a.phase, a.created_at + interval '1 second', a.ended_at, ''
                  FROM actions a
                 WHERE a.run_name LIKE 'seed-%%' AND a.attempts = 1
                """.formatted());
        postgres.execute("VACUUM ANALYZE");
    }
}
