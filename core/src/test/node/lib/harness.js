// Helpers for calling a running server with the real connect-es clients, built at run time from a binary
// FileDescriptorSet (no code generation). Reusable for any service set: point PROTOCOL_BASE_URL at the HTTP
// port and PROTOCOL_DESCRIPTOR_SET at a descriptor set containing the services (and their imports).
import { readFileSync } from "node:fs";
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import * as nodeTransports from "@connectrpc/connect-node";
import * as webTransports from "@connectrpc/connect-web";

/** Every protocol a test can run over: connect-node (HTTP/1.1) and connect-web (the runtime's fetch). */
export const PROTOCOLS = Object.freeze([
  "connect-json",
  "connect-proto",
  "grpc-web-proto",
  "grpc-web-json",
  "web-connect-json",
  "web-connect-proto",
  "web-grpc-web-proto",
]);

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the Java side (ConnectNodeClientIT) sets it, or export it to run by hand`);
  }
  return value;
}

/** The server's HTTP base URL, from PROTOCOL_BASE_URL. */
export function baseUrl() {
  return requiredEnv("PROTOCOL_BASE_URL").replace(/\/+$/, "");
}

/** A registry of every file in the binary FileDescriptorSet at `path` (default: PROTOCOL_DESCRIPTOR_SET). */
export function loadRegistry(path = requiredEnv("PROTOCOL_DESCRIPTOR_SET")) {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(path)));
}

/** A transport for one of PROTOCOLS; `options` are passed on (e.g. { useHttpGet: true }). */
export function transport(protocol, options = {}, url = baseUrl()) {
  switch (protocol) {
    case "connect-json":
      return nodeTransports.createConnectTransport({ baseUrl: url, httpVersion: "1.1", ...options });
    case "connect-proto":
      return nodeTransports.createConnectTransport({
        baseUrl: url, httpVersion: "1.1", useBinaryFormat: true, ...options });
    case "grpc-web-proto":
      return nodeTransports.createGrpcWebTransport({
        baseUrl: url, httpVersion: "1.1", useBinaryFormat: true, ...options });
    case "grpc-web-json":
      return nodeTransports.createGrpcWebTransport({
        baseUrl: url, httpVersion: "1.1", useBinaryFormat: false, ...options });
    case "web-connect-json":
      return webTransports.createConnectTransport({ baseUrl: url, ...options });
    case "web-connect-proto":
      return webTransports.createConnectTransport({ baseUrl: url, useBinaryFormat: true, ...options });
    case "web-grpc-web-proto":
      return webTransports.createGrpcWebTransport({ baseUrl: url, useBinaryFormat: true, ...options });
    default:
      throw new Error(`unknown protocol ${protocol}; one of ${PROTOCOLS.join(", ")}`);
  }
}

/** A client of the named service (e.g. "grpc.health.v1.Health") over `protocol`. */
export function client(registry, serviceName, protocol, options = {}) {
  const service = registry.getService(serviceName);
  if (!service) {
    throw new Error(`service ${serviceName} is not in the descriptor set`);
  }
  return createClient(service, transport(protocol, options));
}

/** Whether the descriptor set has this service (tests of optional services skip without it). */
export function hasService(registry, serviceName) {
  return registry.getService(serviceName) !== undefined;
}

/** The number of an enum value by names, e.g. ("grpc.health.v1.HealthCheckResponse.ServingStatus", "SERVING"). */
export function enumNumber(registry, enumName, valueName) {
  const desc = registry.getEnum(enumName);
  const value = desc?.values.find((v) => v.name === valueName);
  if (!value) {
    throw new Error(`no value ${valueName} in enum ${enumName}`);
  }
  return value.number;
}

/** The next message of a stream iterator, failing after `ms` so a missing live update cannot hang a test. */
export async function nextWithin(iterator, ms = 10_000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no stream message within ${ms} ms`)), ms);
  });
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    if (result.done) {
      throw new Error("stream ended before the expected message");
    }
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}
