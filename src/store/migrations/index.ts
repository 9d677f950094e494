import { initial } from "./001-initial.js";
import { knowledge } from "./002-knowledge.js";
import type { Migration } from "./migration.js";

/** Every migration, oldest first. Add a file `NNN-what.ts` and list it here; never edit one that has shipped. */
export const migrations: readonly Migration[] = [initial, knowledge];

export const latestSchemaVersion = Math.max(...migrations.map((migration) => migration.version));
