package io.flyteservices.executor.backend;


import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes the task template placeholders ({@code {{.Input}}}, {@code {{.InputPrefix}}},
 * {@code {{.OutputPrefix}}}, {@code {{.RawOutputDataPrefix}}}, {@code {{.PerRetryUniqueKey}}}) in a command line.
 * Names match case-insensitively and spaces inside the braces are allowed ({@code {{ .input }}}); unknown
 * placeholders are left as they are, so a task can pass other {@code {{...}}} text through.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

    /** Values by lower-case placeholder name. */
    private final Map<String, String> values;

    private Placeholders(Map<String, String> values) {
        this.values = values;
    }

    /** The placeholder values of one attempt. */
    public static Placeholders of(AttemptSpec spec) {
        return new Placeholders(Map.of(
                "input", spec.inputUri(),
                "inputprefix", directoryOf(spec.inputUri()),
                "outputprefix", spec.outputPrefix(),
                "rawoutputdataprefix", spec.rawOutputDataPrefix(),
                "perretryuniquekey", spec.perRetryUniqueKey()));
    }

    /** Each element with its known placeholders replaced. */
    public List<String> substitute(List<String> parts) {
        return parts.stream().map(this::substitute).toList();
    }

    /** {@code text} with its known placeholders replaced. */
    public String substitute(String text) {
        Objects.requireNonNull(text, "text");
        return PLACEHOLDER.matcher(text).replaceAll(match -> {
            var value = values.get(match.group(1).toLowerCase(Locale.ROOT));
            return Matcher.quoteReplacement(value != null ? value : match.group());
        });
    }

    /** The URI or path up to (without) its last slash: {@code s3://b/run/inputs.pb} → {@code s3://b/run}. */
    public static String directoryOf(String uri) {
        var slash = uri.lastIndexOf('/');
        return slash < 0 ? "" : uri.substring(0, slash);
    }
}
