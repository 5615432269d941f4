package io.flyteservices.functions.badinput;

/**
 * One change to a request: {@code site} picks a field among those {@link RequestMutator} finds in the request,
 * {@code variant} picks what to do to it. Plain numbers, so jqwik generates and shrinks them without knowing
 * any message type, and a field added to a proto is covered without being listed.
 */
record Mutation(int site, int variant) {
}
