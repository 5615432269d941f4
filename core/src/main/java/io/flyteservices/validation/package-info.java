/**
 * Request validation: the buf.validate rules of the protos evaluated by protovalidate, with our deliberate
 * relaxation (an empty {@code org} is accepted everywhere), plus the name rules the protos cannot express.
 * Throws {@code InvalidArgument} naming every offending field; never touches the database.
 */
package io.flyteservices.validation;
