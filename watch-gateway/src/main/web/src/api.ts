// The RunService client over the chosen protocol: Connect with JSON (default) or gRPC-Web (binary), both served
// by the gateway on the page's own origin. The choice is kept in localStorage.
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import { RunService } from "./gen/flyteidl2/workflow/run_service_pb";

export type Protocol = "connect" | "grpc-web";

export const PROTOCOLS: ReadonlyArray<{ value: Protocol; label: string }> = [
  { value: "connect", label: "Connect (JSON)" },
  { value: "grpc-web", label: "gRPC-Web" },
];

const STORAGE_KEY = "flyte-services.protocol";

let current: { protocol: Protocol; client: Client<typeof RunService> } | undefined;

export function protocol(): Protocol {
  return localStorage.getItem(STORAGE_KEY) === "grpc-web" ? "grpc-web" : "connect";
}

export function setProtocol(value: Protocol): void {
  localStorage.setItem(STORAGE_KEY, value);
}

/** RunService over the current protocol. */
export function runService(): Client<typeof RunService> {
  const chosen = protocol();
  if (current?.protocol !== chosen) {
    current = { protocol: chosen, client: createClient(RunService, transport(chosen)) };
  }
  return current.client;
}

function transport(chosen: Protocol) {
  // The RPC paths sit next to the page: http://host:8090/ serves both.
  const baseUrl = new URL(".", location.href).href.replace(/\/$/, "");
  return chosen === "grpc-web"
    ? createGrpcWebTransport({ baseUrl, useBinaryFormat: true })
    : createConnectTransport({ baseUrl, useBinaryFormat: false });
}

/** A failed call as the protocol names it: the Connect code ("already_exists") and the server's message. */
export interface CallError {
  code: string;
  message: string;
}

export function callError(error: unknown): CallError {
  const e = ConnectError.from(error);
  return { code: codeName(e.code), message: e.rawMessage || "(no message)" };
}

export function isCanceled(error: unknown): boolean {
  return ConnectError.from(error).code === Code.Canceled;
}

/** Errors that do not go away by calling again. */
export function isPermanent(error: unknown): boolean {
  switch (ConnectError.from(error).code) {
    case Code.InvalidArgument:
    case Code.NotFound:
    case Code.PermissionDenied:
    case Code.Unauthenticated:
    case Code.Unimplemented:
    case Code.FailedPrecondition:
      return true;
    default:
      return false;
  }
}

/** Code.AlreadyExists → "already_exists", the spelling of the Connect protocol. */
function codeName(code: Code): string {
  return (Code[code] ?? String(code)).replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}
