// Generates TypeScript (protoc-gen-es) for our protos into src/gen/, from the proto module's binary
// FileDescriptorSet (flyteidl2.binpb, imports included): the same descriptors the Java stubs are built from.
//
// Where the set comes from: see descriptor-set.mjs. protoc-gen-es is run as a protoc plugin (a CodeGeneratorRequest
// on stdin, files back in a CodeGeneratorResponse), so neither protoc nor buf is needed.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  CodeGeneratorRequestSchema,
  CodeGeneratorResponseSchema,
  FileDescriptorSetSchema,
} from "@bufbuild/protobuf/wkt";
import { descriptorSetBytes, descriptorSetSource } from "./descriptor-set.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, "..");
const out = join(web, "src", "gen");

const set = fromBinary(FileDescriptorSetSchema, descriptorSetBytes());

// Validation rules are the server's business: without buf.validate the page carries ~70 kB less of descriptors.
stripValidation(set);
// Well-known types come with @bufbuild/protobuf/wkt; everything else (ours, google.rpc) is generated.
const files = set.file.map((f) => f.name).filter((name) => !name.startsWith("google/protobuf/"));
const request = create(CodeGeneratorRequestSchema, {
  fileToGenerate: files,
  parameter: "target=ts,import_extension=none",
  protoFile: set.file,
});
const plugin = join(web, "node_modules", "@bufbuild", "protoc-gen-es", "bin", "protoc-gen-es");
const response = fromBinary(CodeGeneratorResponseSchema,
  execFileSync(process.execPath, [plugin], { input: toBinary(CodeGeneratorRequestSchema, request) }));
if (response.error) {
  throw new Error(`protoc-gen-es: ${response.error}`);
}
rmSync(out, { recursive: true, force: true });
for (const file of response.file) {
  const path = join(out, file.name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.content);
}
console.log(`generated ${response.file.length} files into src/gen from ${descriptorSetSource()}`);

/** Drops buf/validate/validate.proto, the imports of it and the options it defines (extension numbers 1159, 1160). */
function stripValidation(descriptors) {
  const VALIDATE = "buf/validate/validate.proto";
  descriptors.file = descriptors.file.filter((f) => f.name !== VALIDATE);
  for (const file of descriptors.file) {
    const index = file.dependency.indexOf(VALIDATE);
    if (index >= 0) {
      file.dependency.splice(index, 1);
      const shift = (list) => list.filter((i) => i !== index).map((i) => (i > index ? i - 1 : i));
      file.publicDependency = shift(file.publicDependency);
      file.weakDependency = shift(file.weakDependency);
    }
    dropOptions(file);
  }
}

function dropOptions(message) {
  if (message.$typeName?.endsWith("Options") && message.$unknown) {
    message.$unknown = message.$unknown.filter((field) => field.no !== 1159 && field.no !== 1160);
  }
  for (const value of Object.values(message)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item && typeof item === "object" && "$typeName" in item) {
        dropOptions(item);
      }
    }
  }
}
