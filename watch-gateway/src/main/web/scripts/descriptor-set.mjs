// The proto module's binary FileDescriptorSet (flyteidl2.binpb, imports included), the source of the generated
// code. FLYTE_PROTO_ARTIFACT names the flyte-proto artifact (Maven sets it: the jar, or the module's classes directory
// in a reactor build that has not packaged it); without it, the proto module's target/classes of this checkout.
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

const SET_NAME = "flyteidl2.binpb";

export function descriptorSetSource() {
  return process.env.FLYTE_PROTO_ARTIFACT
    || resolve(dirname(fileURLToPath(import.meta.url)), "../../../../../proto/target/classes");
}

export function descriptorSetBytes() {
  return read(descriptorSetSource());
}

/** The descriptor set's bytes from a classes directory or a jar. */
function read(path) {
  if (statSync(path).isDirectory()) {
    return readFileSync(join(path, SET_NAME));
  }
  return readZipEntry(readFileSync(path), SET_NAME);
}

/** One entry of a zip (jar) archive, found through its central directory; stored or deflated. */
function readZipEntry(zip, name) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) {
    end--;
  }
  if (end < 0) {
    throw new Error("not a zip archive");
  }
  const count = zip.readUInt16LE(end + 10);
  let entry = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const extraLength = zip.readUInt16LE(entry + 30);
    const commentLength = zip.readUInt16LE(entry + 32);
    const local = zip.readUInt32LE(entry + 42);
    if (zip.toString("utf8", entry + 46, entry + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressedSize);
      return method === 0 ? data : inflateRawSync(data);
    }
    entry += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}
