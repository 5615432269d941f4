package io.flyteservices.validation;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPathElement;
import build.buf.validate.Violation;
import com.google.protobuf.Message;
import io.flyteservices.error.Errors;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates the buf.validate rules of a request. One deliberate relaxation (BEHAVIOR, Conventions): a
 * {@code min_len} violation on a field named {@code org} or {@code organization} is ignored, because real
 * SDKs send the org empty in single-tenant use.
 */
@Singleton
public final class RequestValidator {

    private static final Set<String> ORG_FIELDS = Set.of("org", "organization");

    private final Validator validator = ValidatorFactory.newBuilder().build();

    /** Throws InvalidArgument listing every violated rule, or returns if the request is valid. */
    public void validate(Message request) {
        ValidationResult result;
        try {
            result = validator.validate(request);
        } catch (ValidationException e) {
            throw new IllegalStateException("validation rules of " + request.getDescriptorForType().getFullName()
                    + " cannot be evaluated", e);
        }
        List<String> problems = result.getViolations().stream()
                .map(build.buf.protovalidate.Violation::toProto)
                .filter(v -> !isRelaxed(v))
                .map(RequestValidator::describe)
                .toList();
        if (!problems.isEmpty()) {
            throw Errors.invalidArgument(String.join("; ", problems));
        }
        String nul = TextFields.firstWithNul(request);
        if (nul != null) {
            throw Errors.invalidField(nul, "must not contain the NUL character");
        }
    }

    static boolean isRelaxed(Violation violation) {
        List<FieldPathElement> path = violation.getField().getElementsList();
        return !path.isEmpty()
                && ORG_FIELDS.contains(path.getLast().getFieldName())
                && violation.getRuleId().equals("string.min_len");
    }

    private static String describe(Violation violation) {
        String field = violation.getField().getElementsList().stream()
                .map(RequestValidator::element)
                .collect(Collectors.joining("."));
        return (field.isEmpty() ? "request" : field) + ": " + violation.getMessage();
    }

    private static String element(FieldPathElement e) {
        return switch (e.getSubscriptCase()) {
            case INDEX -> e.getFieldName() + "[" + e.getIndex() + "]";
            case STRING_KEY -> e.getFieldName() + "[\"" + e.getStringKey() + "\"]";
            default -> e.getFieldName();
        };
    }
}
