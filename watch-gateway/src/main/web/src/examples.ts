// The CreateRun bodies of the repository's examples/ directory, bundled as written.
import hello from "../../../../../examples/hello.json?raw";
import long from "../../../../../examples/long.json?raw";
import parent from "../../../../../examples/parent.json?raw";
import retry from "../../../../../examples/retry.json?raw";

export const EXAMPLES: ReadonlyArray<{ name: string; label: string; body: string }> = [
  { name: "hello", label: "hello: prints a greeting and succeeds", body: hello },
  { name: "retry", label: "retry: fails twice, succeeds on attempt 3", body: retry },
  { name: "long", label: "long: sleeps 300 s, for you to abort", body: long },
  { name: "parent", label: "parent: starts two child actions", body: parent },
];
