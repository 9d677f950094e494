import fs from "node:fs";

/**
 * A file read by position, kept open: a generation's files stay readable by the answers still using it
 * after the next ingest deletes the folder (POSIX keeps an unlinked file's data while a descriptor is open).
 */
export interface RandomAccessFile {
  readonly path: string;
  readonly size: number;
  /** `length` bytes from `position`; fewer only past the end. Synchronous: reads are small and mostly from the page cache. */
  read(position: number, length: number): Buffer;
  close(): void;
}

// A LoadedIndex dropped without close() (a test, a one-off script) must not leak its descriptors.
const unclosed = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

export function openRandomAccessFile(file: string): RandomAccessFile {
  const fd = fs.openSync(file, "r");
  const size = fs.fstatSync(fd).size;
  const handle = { closed: false };
  const token = {};
  const opened: RandomAccessFile = {
    path: file,
    size,
    read(position, length) {
      if (handle.closed) throw new Error(`${file} was closed`);
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      while (done < buffer.length) {
        const read = fs.readSync(fd, buffer, done, buffer.length - done, position + done);
        if (read === 0) break;
        done += read;
      }
      return done === buffer.length ? buffer : buffer.subarray(0, done);
    },
    close() {
      if (handle.closed) return;
      handle.closed = true;
      unclosed.unregister(token);
      fs.closeSync(fd);
    },
  };
  unclosed.register(opened, fd, token);
  return opened;
}
